package io.unikernel.junit.internal.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.UnikernelTest;
import io.unikernel.junit.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Annotation errors are reported through the engine, before anything is provisioned. */
@Isolated // checks the whole host for leftovers
class ValidationTests {

  private static Events run(Class<?> testCase, Path logs) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .configurationParameter(UnikernelInstance.LOGS_DIR, logs.toString())
        .execute()
        .allEvents();
  }

  @Test
  void invalidDeclarationsFailTheClassBeforeAnythingIsMade(
      @org.junit.jupiter.api.io.TempDir Path logs) {
    LeakCheck leakCheck = LeakCheck.start();

    run(InvalidTestCase.class, logs)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(InvalidTestCase.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@UnikernelInstance declarations of ["
                            + InvalidTestCase.class.getName()
                            + "] are invalid (3 problems):\n"
                            + "  - field ["
                            + InvalidTestCase.class.getName()
                            + ".server] image = \"does/not/exist\": no such file (resolved to "
                            + Path.of("does/not/exist").toAbsolutePath()
                            + "); build it first, statically linked (Go: CGO_ENABLED=0)\n"
                            + "  - field ["
                            + InvalidTestCase.class.getName()
                            + ".server] ip = \"192.168.42.19\": only bridged instances have one;"
                            + " this instance is USERMODE; add mode = Mode.BRIDGED, or remove ip\n"
                            + "  - field ["
                            + InvalidTestCase.class.getName()
                            + ".dynamic] image = \"/bin/ls\": dynamically linked; the guest has no"
                            + " libraries, so link it statically (resolved to /bin/ls); build it"
                            + " first, statically linked (Go: CGO_ENABLED=0)"))));

    assertThat(leakCheck.leaks()).isEmpty();
    assertThat(Files.exists(logs.resolve(InvalidTestCase.class.getName()))).isFalse();
  }

  @UnikernelTest
  static class InvalidTestCase {
    @UnikernelInstance(image = "does/not/exist", ip = "192.168.42.19")
    static Unikernel server;

    @UnikernelInstance(image = "/bin/ls", mode = Mode.USERMODE)
    static Unikernel dynamic;

    @Test
    void neverRuns() {}
  }

  @Test
  void aParameterMustNameADeclaredInstance(@org.junit.jupiter.api.io.TempDir Path logs) {
    run(UnknownParameterTestCase.class, logs)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.contains(
                                "refers to instance \"ghost\", but no @UnikernelInstance"
                                    + " field of this class (or an enclosing one) declares it")))));
  }

  @UnikernelTest
  static class UnknownParameterTestCase {
    @Test
    void test(@UnikernelInstance(name = "ghost") Unikernel ghost) {}
  }
}
