package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.unikernel.junit.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A guest that dies while booting fails its class at once with its exit status and console, and the
 * instances already started are stopped and cleaned up.
 */
@Isolated // checks the whole host for leftovers
class BootFailureIT {

  @Test
  void aCrashingInstanceStopsTheOthersAndExplainsItself() {
    LeakCheck leakCheck = LeakCheck.start();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(CrashTestCase.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(CrashTestCase.class),
                finishedWithFailure(
                    instanceOf(UnikernelLaunchException.class),
                    message(m -> m.startsWith("Instance [crasher] (image [")),
                    message(m -> m.contains("mode BRIDGED, tap [tap1], ip [192.168.42.3]")),
                    message(m -> m.contains("failed to boot: the VM exited during boot")),
                    message(m -> m.contains("the program exited with status 3")),
                    message(m -> m.contains("  | testguest exiting with 3")),
                    message(m -> m.contains("crasher.log")))));

    assertThat(leakCheck.leaks()).isEmpty();
  }

  @UnikernelTest
  static class CrashTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        args = {"serve", "8080"})
    static Unikernel healthy;

    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        args = {"exit", "3"},
        env = "AFTER=${healthy.ip}")
    static Unikernel crasher;

    @Test
    void neverRuns() {}
  }
}
