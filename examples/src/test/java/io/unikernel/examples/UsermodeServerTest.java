package io.unikernel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.UnikernelTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The reference server in usermode (QEMU user networking): its port 8081 is forwarded from a free
 * port on 127.0.0.1, so any HTTP client of the test reaches it directly.
 */
@UnikernelTest
class UsermodeServerTest {

  @UnikernelInstance(image = "target/guest/server", port = 8081)
  static Unikernel server;

  @UnikernelInstance(name = "server")
  static URI serverUri;

  @Test
  void helloIsReachableThroughTheLoopbackForward() throws Exception {
    assertThat(server.ip()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isNotEqualTo(8081).isPositive();

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(serverUri.resolve("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello test 2\n");
  }

  @Test
  void parametersReceiveTheInstanceByName(@UnikernelInstance(name = "server") String hostAndPort) {
    assertThat(hostAndPort).isEqualTo("127.0.0.1:" + server.port());
  }
}
