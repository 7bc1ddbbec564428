package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.testing.EngineRuns;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A fixed host port is forwarded when free; when taken, the boot fails at once naming the port and
 * the process that holds it.
 */
class HostPortIT {

  static final int TAKEN_PORT = 47321;
  static final int FREE_PORT = 47322;

  @Test
  void aTakenHostPortIsReportedWithItsHolder() throws Exception {
    List<Throwable> failures;
    try (ServerSocket holder = new ServerSocket(TAKEN_PORT, 1, InetAddress.getLoopbackAddress())) {
      failures = EngineRuns.classFailures(TakenPortTestCase.class);
    }

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(UnikernelLaunchException.class)
        .hasMessage(
            "Instance [server] cannot forward from 127.0.0.1:"
                + TAKEN_PORT
                + ": the port is taken by pid "
                + ProcessHandle.current().pid()
                + " (java); choose another hostPort, or leave it 0 for a free one");
  }

  @UnikernelTest
  static class TakenPortTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        port = 8080,
        hostPort = TAKEN_PORT,
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void neverRuns() {}
  }

  @Test
  void aFreeFixedHostPortIsForwarded() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FixedPortTestCase.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1));
  }

  @UnikernelTest
  static class FixedPortTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        port = 8080,
        hostPort = FREE_PORT,
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void answersOnTheFixedPort() throws Exception {
      assertThat(server.port()).isEqualTo(FREE_PORT);
      assertThat(LifecycleIT.get(server, "/fixed")).isEqualTo("ok GET /fixed\n");
    }
  }
}
