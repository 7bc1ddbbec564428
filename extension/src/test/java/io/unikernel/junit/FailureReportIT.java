package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.testing.EngineRuns;
import io.unikernel.junit.testing.LeakCheck;
import io.unikernel.junit.testing.ReportDirectories;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * Failures explain themselves: a failed test carries its instances' console tails and publishes
 * their logs; a readiness timeout says what was probed and what was seen; instances declared in a
 * superclass count.
 */
@Isolated // checks the whole host for leftovers
class FailureReportIT {

  @Test
  void aFailedTestCarriesConsoleTailsAndPublishesTheLogs(@TempDir Path reports) {
    LeakCheck leakCheck = LeakCheck.start();

    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(FailingTestCase.class))
            .outputDirectoryCreator(ReportDirectories.under(reports))
            .execute()
            .allEvents();

    Throwable failure = EngineRuns.failures(events).get(0);
    assertThat(failure).hasMessage("deliberate");
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(
            tail ->
                assertThat(tail.getMessage())
                    .startsWith("Last ")
                    .contains("console lines of [greeter] (full log: ")
                    .contains("  | inherited greeting"));
    assertThat(events.stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED))
        .singleElement()
        .satisfies(
            event -> {
              FileEntry entry = event.getRequiredPayload(FileEntry.class);
              assertThat(entry.getPath()).hasFileName("greeter.log");
              assertThat(entry.getPath()).content().contains("inherited greeting");
            });
    assertThat(leakCheck.leaks()).isEmpty();
  }

  abstract static class BaseTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        args = {"print", "inherited", "greeting"})
    static Unikernel greeter;
  }

  @UnikernelTest
  static class FailingTestCase extends BaseTestCase {
    @Test
    void fails() {
      greeter.console().waitFor("inherited greeting", java.time.Duration.ofSeconds(10));
      throw new AssertionError("deliberate");
    }
  }

  @Test
  void aReadinessTimeoutSaysWhatWasWatchedAndShowsTheConsole() {
    LeakCheck leakCheck = LeakCheck.start();

    List<Throwable> failures = EngineRuns.classFailures(NeverReadyTestCase.class);

    assertThat(failures)
        .singleElement()
        .isInstanceOf(UnikernelLaunchException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("Instance [silent] (image [")
                    .contains(
                        "failed to boot: the program did not listen on TCP port 8080 within PT8S"
                            + " (watched inside the guest, in /proc/net/tcp)")
                    .contains("  | nobody listens"));
    assertThat(leakCheck.leaks()).isEmpty();
  }

  @UnikernelTest
  static class NeverReadyTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        port = 8080,
        startupTimeout = 8,
        args = {"print", "nobody", "listens"})
    static Unikernel silent;

    @Test
    void neverRuns() {}
  }

  @Test
  void aBridgedProbeTimeoutSaysWhatWasProbedAndLastSeen() {
    List<Throwable> failures = EngineRuns.classFailures(NeverReadyBridgedTestCase.class);

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(UnikernelLaunchException.class)
        .hasMessageContaining(
            "failed to boot: TCP port 192.168.42.2:8080 of [silent] timed out after PT")
        .hasMessageContaining("; last seen: java.net.ConnectException: Connection refused")
        .hasMessageContaining("(startupTimeout PT8S)");
  }

  @UnikernelTest
  static class NeverReadyBridgedTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        startupTimeout = 8,
        args = {"print", "nobody", "listens"})
    static Unikernel silent;

    @Test
    void neverRuns() {}
  }
}
