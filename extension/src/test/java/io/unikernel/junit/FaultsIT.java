package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.unikernel.junit.assertj.UnikernelAssertions;
import io.unikernel.junit.testing.LeakCheckExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Faults and impairments against real QEMU: link down and up, pause and resume, a crash and a
 * restart, added latency, loss, and a partition between two bridged guests that heals.
 */
@ExtendWith(LeakCheckExtension.class)
@UnikernelTest
@Isolated // checks the whole host for leftovers
class FaultsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @UnikernelInstance(
      image = "target/guest/testguest",
      mode = Mode.BRIDGED,
      port = 8080,
      args = {"serve", "8080"})
  static Unikernel server;

  @UnikernelInstance(
      image = "target/guest/testguest",
      mode = Mode.BRIDGED,
      args = {"poll", "http://${server.address}/poll"},
      ready = "^poll ok")
  static Unikernel poller;

  @UnikernelInstance(
      image = "target/guest/testguest",
      port = 8080,
      args = {"serve", "8080"})
  static Unikernel usermode;

  @AfterEach
  void undoFaults() {
    for (Unikernel instance : new Unikernel[] {server, usermode}) {
      if (!instance.isRunning()) {
        instance.restart();
      }
      instance.resume();
      instance.link().up();
    }
    server.network().clear().healAll();
  }

  @Test
  void linkDownCutsTheGuestOffAndUpReconnectsIt() {
    server.link().down();
    assertThat(server.link().isUp()).isFalse();
    assertThatThrownBy(() -> get(server, "/down")).isInstanceOf(IOException.class);

    server.link().up();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> get(server, "/up"), "ok GET /up\n"::equals);
  }

  @Test
  void linkWorksInUsermodeToo() {
    usermode.link().down();
    assertThatThrownBy(() -> get(usermode, "/down")).isInstanceOf(IOException.class);
    usermode.link().up();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> get(usermode, "/up"), "ok GET /up\n"::equals);
  }

  @Test
  void pauseFreezesTheGuestAndResumeLetsItAnswer() {
    usermode.pause();
    assertThat(usermode.isRunning()).isTrue(); // the process lives on, the guest is frozen
    assertThatThrownBy(() -> get(usermode, "/paused")).isInstanceOf(IOException.class);

    usermode.resume();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> get(usermode, "/resumed"), "ok GET /resumed\n"::equals);
  }

  @Test
  void killCrashesTheVmAndRestartBringsItBackAtTheSameAddress() throws Exception {
    String address = server.address().toString();
    server.kill();
    assertThat(server.isRunning()).isFalse();

    server.restart();
    assertThat(server.address()).hasToString(address);
    assertThat(get(server, "/again")).isEqualTo("ok GET /again\n");
  }

  @Test
  void addedLatencyDelaysEveryRequest() throws Exception {
    long baseline = roundTripMillis();
    server.network().latency(Duration.ofMillis(300));

    assertThat(roundTripMillis()).isGreaterThanOrEqualTo(baseline + 250);

    server.network().clear();
    assertThat(get(server, "/cleared")).isEqualTo("ok GET /cleared\n");
  }

  @Test
  void totalLossDropsEverythingUntilCleared() throws Exception {
    server.network().loss(100);
    assertThatThrownBy(() -> get(server, "/lost")).isInstanceOf(IOException.class);

    server.network().loss(0);
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> get(server, "/found"), "ok GET /found\n"::equals);
  }

  @Test
  void aPartitionCutsThePollerOffUntilHealed() {
    awaitLine(poller, "^poll ok", poller.console().lines().size());
    server.network().partitionFrom(poller);
    int cut = poller.console().lines().size();
    awaitLine(poller, "^poll error", cut);

    server.network().heal(poller);
    int healed = poller.console().lines().size();
    awaitLine(poller, "^poll ok ok GET /poll$", healed);
  }

  @Test
  void usermodeInstancesCannotBeImpaired() {
    assertThatThrownBy(() -> usermode.network())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Mode.BRIDGED");
  }

  @Test
  void anInstanceCannotBePartitionedFromItselfOrAUsermodeInstance() {
    assertThatThrownBy(() -> server.network().partitionFrom(server))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.network().partitionFrom(usermode))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bridged");
  }

  @Test
  void assertJAssertionsCheckTheInstanceAndExplainFailures() {
    UnikernelAssertions.assertThat(server)
        .isRunning()
        .hasPortOpen()
        .respondsTo("/assert")
        .respondsWithStatus("/assert", 200)
        .respondsWithBody("/assert", "ok GET /assert\n");
    UnikernelAssertions.assertThat(server.console()).containsLine("testguest listening on 8080");

    assertThatThrownBy(
            () -> UnikernelAssertions.assertThat(server).respondsWithBody("/assert", "other"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContainingAll(
            "Expecting GET http://",
            "to respond with body:",
            "\"other\"",
            "but it responded with:",
            "\"ok GET /assert\n\" (status 200)",
            "console lines of [server]",
            "  | testguest listening on 8080");
    assertThatThrownBy(() -> UnikernelAssertions.assertThat(server).isNotRunning())
        .hasMessageContaining("not to be running but it is.");
  }

  private static void awaitLine(Unikernel instance, String regex, int fromLine) {
    Pattern pattern = Pattern.compile(regex);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                instance.console().lines().stream()
                    .skip(fromLine)
                    .anyMatch(line -> pattern.matcher(line).find()));
  }

  private static long roundTripMillis() throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(get(server, "/rtt")).isEqualTo("ok GET /rtt\n");
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    return best;
  }

  /** GETs {@code path} with a short timeout, so that a cut-off guest fails fast. */
  private static String get(Unikernel instance, String path) throws IOException {
    OkHttpClient client = instance.http().newBuilder().callTimeout(Duration.ofSeconds(3)).build();
    Request request = new Request.Builder().url(instance.url(path)).build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }
}
