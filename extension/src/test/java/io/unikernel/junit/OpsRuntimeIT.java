package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.testing.EngineRuns;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The ops runtime: without {@code ops} a class that needs it fails with how to install it, or is
 * skipped when the user opted in; with {@code ops} on PATH the reference pair runs through it.
 */
class OpsRuntimeIT {

  private static Events run(Class<?> testCase, String... parameters) {
    EngineTestKit.Builder kit =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase));
    for (int i = 0; i < parameters.length; i += 2) {
      kit.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return kit.execute().containerEvents();
  }

  @Test
  void withoutOpsTheClassFailsWithHowToInstallIt() {
    List<Throwable> failures =
        EngineRuns.failures(
            run(OpsTestCase.class, UnikernelInstance.OPS_EXECUTABLE, "/nonexistent/ops"));

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(UnikernelEnvironmentException.class)
        .hasMessage(
            "Instances of ["
                + OpsTestCase.class.getName()
                + "] use the ops runtime: executable [/nonexistent/ops] is not an executable file");
  }

  @Test
  void withoutOpsTheClassIsSkippedWhenTheUserOptsIn() {
    Events events =
        run(
            OpsTestCase.class,
            UnikernelInstance.OPS_EXECUTABLE,
            "/nonexistent/ops",
            UnikernelInstance.MISSING_RUNTIME,
            "skip");

    assertThat(events.skipped().stream())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getRequiredPayload(String.class))
                    .isEqualTo(
                        "The ops runtime is not available: executable [/nonexistent/ops] is not an"
                            + " executable file"));
  }

  @UnikernelTest
  static class OpsTestCase {
    @UnikernelInstance(image = "server", runtime = "ops", port = 8081)
    static Unikernel server;

    @Test
    void neverRuns() {}
  }

  @Test
  void theReferenceServerRunsThroughOpsWhenOpsIsInstalled() {
    assumeTrue(onPath("ops"), "ops is not installed on this host (not on PATH)");
    assumeTrue(
        Files.isExecutable(Path.of("../examples/target/guest/server")), "build examples first");

    run(OpsServerTestCase.class).assertStatistics(stats -> stats.failed(0));
  }

  @UnikernelTest
  static class OpsServerTestCase {
    @UnikernelInstance(image = "../examples/target/guest/server", runtime = "ops", port = 8081)
    static Unikernel server;

    @Test
    void hello() throws Exception {
      assertThat(LifecycleIT.get(server, "/hello")).isEqualTo("hello test 2\n");
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
