package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.unikernel.junit.internal.boot.StaleRunReaper;
import io.unikernel.junit.testing.RunTestClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A JVM killed with SIGKILL in the middle of a bridged class leaves no QEMU running (parent-death
 * signal) and no namespace (it was anonymous); the next run's reaper removes its run directory.
 */
@Isolated // checks the whole host for leftovers
class CrashRecoveryIT {

  private Process victim;

  @AfterEach
  void endTheVictim() throws InterruptedException {
    if (victim != null) {
      victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts a JVM running {@link VictimTestCase}; returns its QEMU once the instance booted. */
  private ProcessHandle startVictim(Path work) throws IOException {
    Path marker = work.resolve("booted");
    victim =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dmarker=" + marker,
                RunTestClass.class.getName(),
                VictimTestCase.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("victim.log").toFile())
            .start();
    await("victim booted its instance")
        .atMost(Duration.ofSeconds(120))
        .failFast("victim JVM exited", () -> !victim.isAlive())
        .until(() -> Files.exists(marker));
    List<ProcessHandle> qemus =
        victim.descendants().filter(p -> p.info().command().orElse("").contains("qemu")).toList();
    assertThat(qemus).hasSize(1);
    return qemus.get(0);
  }

  @Test
  void aKilledRunLeavesNoQemuNamespaceOrFilesBehind(@TempDir Path work) throws Exception {
    ProcessHandle qemu = startVictim(work);
    String namespace =
        Files.readSymbolicLink(Path.of("/proc", "" + qemu.pid(), "ns/net")).toString();
    assertThat(namespace)
        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    Path runDir = runDirOf(victim.pid());

    victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    await("QEMU of the killed run gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !qemu.isAlive());
    // A killed multi-threaded process leaves /proc a moment after its main thread.
    await("no process left in the dead run's namespace")
        .atMost(Duration.ofSeconds(10))
        .until(() -> processesIn(namespace).isEmpty());
    assertThat(runDir).exists();
    List<String> removed = StaleRunReaper.forThisHost().sweep();
    assertThat(removed).contains("directory " + runDir);
    assertThat(runDir).doesNotExist();
  }

  @Test
  void aTerminatedRunCleansUpThroughItsShutdownHook(@TempDir Path work) throws Exception {
    ProcessHandle qemu = startVictim(work);
    Path runDir = runDirOf(victim.pid());

    victim.destroy(); // SIGTERM, as Ctrl-C or a CI runner's cancel would send
    assertThat(victim.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(qemu.isAlive()).isFalse();
    assertThat(runDir).doesNotExist();
  }

  private static Path runDirOf(long pid) throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("unikernel-" + pid + "-"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Returns the processes on the host that are in {@code namespace}, with their commands. */
  private static List<String> processesIn(String namespace) throws IOException {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                try {
                  return Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(namespace);
                } catch (IOException | RuntimeException e) {
                  return false;
                }
              })
          .map(
              p ->
                  p
                      + " "
                      + ProcessHandle.of(Long.parseLong(p.getFileName().toString()))
                          .flatMap(h -> h.info().commandLine())
                          .orElse("?"))
          .toList();
    }
  }

  @UnikernelTest
  static class VictimTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void waitToBeKilled() throws IOException {
      Files.writeString(Path.of(System.getProperty("marker")), server.name());
      // Bounded: the test kills this JVM long before.
      LockSupport.parkNanos(Duration.ofSeconds(120).toNanos());
    }
  }
}
