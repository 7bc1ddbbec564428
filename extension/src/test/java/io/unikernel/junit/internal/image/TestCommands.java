package io.unikernel.junit.internal.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code TestCommands} runs the host tools the tests compare against (cpio, go, busybox). */
final class TestCommands {

  private TestCommands() {}

  /** Returns whether {@code command} is on the {@code PATH}. */
  static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code argv} in {@code workDir} and returns its combined output.
   *
   * @throws AssertionError if the command fails or outlives {@code timeout}; the message holds the
   *     command line and its output
   */
  static String run(Path workDir, Map<String, String> env, Duration timeout, List<String> argv)
      throws IOException, InterruptedException {
    // Output goes to a file rather than a pipe, so a chatty command cannot block on a full pipe.
    Path output = Files.createTempFile("unikernel-junit-command", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      boolean exited;
      try {
        exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        process.destroyForcibly();
        process.waitFor();
      }
      String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
      if (!exited) {
        throw new AssertionError(
            "Command " + argv + " timed out after " + timeout + "; output:\n" + text);
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "Command " + argv + " failed with exit code " + process.exitValue() + ":\n" + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static String run(Path workDir, String... argv) throws IOException, InterruptedException {
    return run(workDir, Map.of(), Duration.ofSeconds(60), List.of(argv));
  }
}
