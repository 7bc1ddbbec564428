package io.unikernel.junit.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code NamespaceCommands} runs short host tools ({@code nft}, {@code tc}) inside a network
 * namespace through its command prefix, waits for them and fails with their output if they fail.
 * Intended for the extension's network layer; this is not API.
 */
public final class NamespaceCommands {

  private static final long TIMEOUT_SECONDS = 30;

  private NamespaceCommands() {}

  /**
   * Runs {@code prefix} + {@code argv} and returns its output.
   *
   * @throws IllegalStateException if the command fails or does not end within 30 seconds
   * @throws UncheckedIOException if it cannot be started (the tool is missing)
   */
  public static String run(List<String> prefix, List<String> argv) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(argv);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run " + argv + " (" + argv.get(0) + " missing? run ci/setup)", e);
    }
    try {
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new IllegalStateException(argv + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            argv + " failed with exit code " + process.exitValue() + ": " + output.strip());
      }
      return output;
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException("cannot read the output of " + argv, e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv, e);
    }
  }
}
