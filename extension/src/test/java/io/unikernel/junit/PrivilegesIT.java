package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.testing.RunTestClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * On a host without CAP_NET_ADMIN/CAP_SYS_ADMIN (simulated: a JVM whose capability bounding set
 * lacks them), bridged classes fail with the fix, or are skipped when the user opted in, while
 * usermode classes still run.
 */
@Isolated // checks the whole host for leftovers
class PrivilegesIT {

  private static String runWithoutNetworkRights(String... properties)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--bounding-set=-net_admin,-sys_admin",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    command.addAll(List.of(properties));
    command.addAll(
        List.of(
            RunTestClass.class.getName(),
            BridgedTestCase.class.getName(),
            UsermodeTestCase.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void bridgedClassesFailWithTheFixByDefault() throws Exception {
    String output = runWithoutNetworkRights();

    assertThat(output)
        .contains(
            "FAILED "
                + BridgedTestCase.class.getName()
                + ": io.unikernel.junit.UnikernelEnvironmentException: Bridged"
                + " instances of ["
                + BridgedTestCase.class.getName()
                + "] cannot run on this host: this JVM lacks CAP_NET_ADMIN and CAP_SYS_ADMIN,"
                + " needed to make the class's network namespace, bridge and taps (run the tests"
                + " as root, or set unikernel.missingPrivileges=skip to skip bridged classes)")
        .contains("SUCCESSFUL usermodeStillRuns()");
  }

  @Test
  void bridgedClassesAreSkippedWhenTheUserOptsIn() throws Exception {
    String output = runWithoutNetworkRights("-Dunikernel.missingPrivileges=skip");

    assertThat(output)
        .contains(
            "SKIPPED "
                + BridgedTestCase.class.getName()
                + ": Bridged instances cannot run here: this JVM lacks"
                + " CAP_NET_ADMIN and CAP_SYS_ADMIN")
        .contains("SUCCESSFUL usermodeStillRuns()")
        .doesNotContain("FAILED");
  }

  @UnikernelTest
  static class BridgedTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        args = {"print", "x"})
    static Unikernel bridged;

    @Test
    void neverRuns() {}
  }

  @UnikernelTest
  static class UsermodeTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        args = {"print", "x"})
    static Unikernel usermode;

    @Test
    void usermodeStillRuns() {
      assertThat(usermode.isRunning()).isTrue();
    }
  }
}
