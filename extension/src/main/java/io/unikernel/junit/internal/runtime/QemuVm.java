package io.unikernel.junit.internal.runtime;

import io.unikernel.junit.internal.DedicatedThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@code QemuVm} is one running QEMU process: started with a parent-death signal so it dies with
 * the JVM, its console captured, stopped by QMP {@code quit}, then SIGTERM, then SIGKILL.
 */
public final class QemuVm {

  private static final System.Logger LOG = System.getLogger(QemuVm.class.getName());

  /**
   * Starts every VM of the JVM. The parent-death signal fires when the <em>thread</em> that forked
   * a process exits, so VMs are forked from this one thread that lives as long as the JVM.
   */
  private static final DedicatedThread LAUNCHER = DedicatedThread.start("unikernel-launcher");

  private final Process process;
  private final ConsoleCapture console;

  private final Path qmpSocket;

  private QemuVm(Path qmpSocket, Process process, ConsoleCapture console) {
    this.qmpSocket = qmpSocket;
    this.process = process;
    this.console = console;
  }

  /**
   * Starts {@code command}; its console goes to {@code console}.
   *
   * @param wrapper a command prefix that runs QEMU elsewhere, such as inside a network namespace;
   *     empty for none
   */
  public static QemuVm start(QemuCommand command, List<String> wrapper, ConsoleCapture console)
      throws IOException {
    LOG.log(Level.DEBUG, () -> "starting " + command);
    return start(command.argv(), command.qmpSocket(), wrapper, console);
  }

  /**
   * Starts a tool that runs QEMU itself (such as {@code ops run}); without a QMP socket, {@link
   * #stop} uses signals only.
   */
  public static QemuVm startTool(List<String> argv, List<String> wrapper, ConsoleCapture console)
      throws IOException {
    LOG.log(Level.DEBUG, () -> "starting " + ShellWords.join(argv));
    return start(argv, null, wrapper, console);
  }

  private static QemuVm start(
      List<String> commandArgv, Path qmpSocket, List<String> wrapper, ConsoleCapture console)
      throws IOException {
    List<String> argv = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    argv.addAll(wrapper);
    argv.addAll(commandArgv);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process process;
    try {
      process = LAUNCHER.call(builder::start);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    console.follow(process.getInputStream());
    return new QemuVm(qmpSocket, process, console);
  }

  /** Returns QEMU's QMP socket, or {@code null} for a tool (such as ops) that runs QEMU itself. */
  public Path qmpSocket() {
    return qmpSocket;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns QEMU's exit code once it exited. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  public ConsoleCapture console() {
    return console;
  }

  /**
   * Stops QEMU and returns once the process is gone (so its tap is free again); idempotent. Tries
   * QMP {@code quit}, then SIGTERM, then SIGKILL, each with {@code grace} to take effect.
   */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    // A tool such as ops runs QEMU as its child, which its parent-death signal does not reach.
    List<ProcessHandle> children = process.descendants().toList();
    try {
      stopProcess(grace);
    } finally {
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private void stopProcess(Duration grace) {
    Path qmp = qmpSocket;
    if (qmp != null && Files.exists(qmp)) {
      try (QmpClient client = QmpClient.connect(qmp)) {
        client.execute("quit");
      } catch (IOException e) {
        // QEMU may close the socket while answering quit, or be past answering; signals follow.
        LOG.log(Level.DEBUG, () -> "QMP quit of pid " + process.pid() + ": " + e.getMessage());
      }
      if (waitFor(grace)) {
        return;
      }
    }
    process.destroy();
    if (waitFor(grace)) {
      return;
    }
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /**
   * Runs one QMP command on a connection of its own and returns the reply line; QEMU replies once
   * the command has taken effect.
   *
   * @param arguments a raw JSON object, or {@code null} for none
   * @throws IOException if QEMU is gone, has no QMP socket, or answers with an error
   */
  public String qmp(String command, String arguments) throws IOException {
    Path socket = qmpSocket;
    if (socket == null || !process.isAlive()) {
      throw new IOException("QEMU (pid " + process.pid() + ") is not running or has no QMP socket");
    }
    try (QmpClient client = QmpClient.connect(socket)) {
      return arguments == null ? client.execute(command) : client.execute(command, arguments);
    }
  }

  /**
   * Kills QEMU at once with SIGKILL, as a crash would, and returns once the process is gone; does
   * nothing if it has already exited.
   */
  public void kill() {
    if (process.isAlive()) {
      // A launcher tool's QEMU child first, so that it cannot outlive the tool.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    waitFor(Duration.ofSeconds(30));
  }

  /** Waits up to {@code timeout} for QEMU to exit by itself; returns whether it did. */
  public boolean awaitExit(Duration timeout) {
    return waitFor(timeout);
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
