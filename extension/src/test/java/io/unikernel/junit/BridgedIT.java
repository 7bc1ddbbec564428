package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.testing.LeakCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Bridged instances against real QEMU, taps and bridges: placeholders reach a peer over the bridge,
 * and two classes with the same tap names and addresses run at the same time without colliding,
 * each in its own namespace, leaving nothing behind.
 */
@Isolated // checks the whole host for leftovers
class BridgedIT {

  @Test
  void twoClassesWithTheSameTapsAndAddressesRunConcurrently() {
    LeakCheck leakCheck = LeakCheck.start();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FirstTestCase.class), selectClass(SecondTestCase.class))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter(
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(4).succeeded(4));

    assertThat(leakCheck.leaks()).isEmpty();
  }

  @UnikernelTest
  static class FirstTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        tap = "tap0",
        ip = "192.168.42.19",
        args = {"serve", "8080"})
    static Unikernel server;

    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        tap = "tap1",
        ip = "192.168.42.20",
        env = "PEER=${server.address}",
        args = {"env", "PEER"})
    static Unikernel peer;

    @Test
    void serverAnswersOverTheBridge() throws Exception {
      assertThat(LifecycleIT.get(server, "/first")).isEqualTo("ok GET /first\n");
    }

    @Test
    void placeholdersGiveTheBridgedAddress() {
      assertThat(peer.console().waitFor("^PEER=", java.time.Duration.ofSeconds(10)))
          .isEqualTo("PEER=192.168.42.19:8080");
    }
  }

  @UnikernelTest
  static class SecondTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        tap = "tap0",
        ip = "192.168.42.19",
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void sameTapAndAddressInAnotherNamespace() throws Exception {
      assertThat(LifecycleIT.get(server, "/second")).isEqualTo("ok GET /second\n");
    }

    @Test
    void theInjectedAddressIsTheGuests() {
      assertThat(server.address().getAddress().getHostAddress()).isEqualTo("192.168.42.19");
      assertThat(List.of(server.ip(), server.port())).containsExactly("192.168.42.19", 8080);
    }
  }
}
