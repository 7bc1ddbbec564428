package io.unikernel.examples;

import static io.unikernel.junit.assertj.UnikernelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.UnikernelTest;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A network regression suite for the reference pair (see {@link HelloHeadersTest}): the client,
 * which polls the server every 5 seconds, survives a flapping link and a partition, and added
 * latency shows in the server's round trip.
 */
@UnikernelTest
class NetworkRegressionTest {

  private static final Duration WITHIN = Duration.ofSeconds(40);

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
      args = "${server.ip}:${server.port}",
      ready = "^hello test 2$")
  static Unikernel client;

  @AfterEach
  void healTheNetwork() {
    server.link().up();
    server.network().clear().healAll();
  }

  @Test
  void theClientRecoversAfterTheServersLinkFlaps() {
    server.link().down();
    awaitClientLine("^error: ");

    server.link().up();
    awaitClientLine("^hello test 2$");
  }

  @Test
  void theClientRecoversAfterAPartitionHeals() {
    server.network().partitionFrom(client);
    awaitClientLine("^error: ");

    server.network().heal(client);
    awaitClientLine("^hello test 2$");
  }

  @Test
  void addedLatencyShowsInTheRoundTrip() throws IOException {
    long baseline = roundTripMillis();

    server.network().latency(Duration.ofMillis(200));

    // Only a lower bound: a slow machine may add more, never less.
    assertThat(roundTripMillis()).isGreaterThanOrEqualTo(baseline + 150);
    assertThat(server).respondsWithBody("/hello", "hello test 2\n");
  }

  /** Waits for a line matching {@code regex} that the client prints from now on. */
  private static void awaitClientLine(String regex) {
    int from = client.console().lines().size();
    Pattern pattern = Pattern.compile(regex);
    await("client line matching " + regex)
        .atMost(WITHIN)
        .until(
            () ->
                client.console().lines().stream()
                    .skip(from)
                    .anyMatch(line -> pattern.matcher(line).find()));
  }

  /** The best of three {@code GET /hello} round trips from the JVM. */
  private static long roundTripMillis() throws IOException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      Request request = new Request.Builder().url(server.url("/hello")).build();
      try (Response response = server.http().newCall(request).execute()) {
        assertThat(response.body().string()).isEqualTo("hello test 2\n");
      }
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    return best;
  }
}
