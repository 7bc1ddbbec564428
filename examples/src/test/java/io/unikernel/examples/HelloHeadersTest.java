package io.unikernel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.UnikernelTest;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The reference pair from ops' networking guide, bridged: the server on tap0 at 192.168.42.19, the
 * client on tap1 polling it every 5 seconds. Bridge and taps live in this class's own network
 * namespace.
 */
@UnikernelTest
class HelloHeadersTest {

  @UnikernelInstance(
      image = "target/guest/server",
      mode = Mode.BRIDGED,
      port = 8081,
      tap = "tap0",
      ip = "192.168.42.19")
  static Unikernel server;

  @UnikernelInstance(
      image = "target/guest/client",
      mode = Mode.BRIDGED,
      tap = "tap1",
      ip = "192.168.42.20",
      args = "${server.ip}:${server.port}")
  static Unikernel client;

  @Test
  void helloAnswersTheGreeting() throws Exception {
    Request request = new Request.Builder().url(server.url("/hello")).build();
    try (Response response = server.http().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("hello test 2\n");
    }
  }

  @Test
  void headersEchoesACustomHeader() throws Exception {
    Request request =
        new Request.Builder().url(server.url("/headers")).header("X-Unikernel-Test", "42").build();
    try (Response response = server.http().newCall(request).execute()) {
      assertThat(response.body().string()).contains("X-Unikernel-Test: 42\n");
    }
  }

  @Test
  void clientReachesServerOverTheBridge() {
    String line = client.console().waitFor("^hello test 2$", Duration.ofSeconds(30));
    assertThat(line).isEqualTo("hello test 2");
  }
}
