package io.unikernel.junit.internal.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code PacketCapture} is one {@code tcpdump} writing a pcap of an interface inside a network
 * namespace. {@link #start} returns once tcpdump listens; {@link #close()} stops it with SIGTERM
 * (tcpdump then flushes the file) and waits until it has exited. Not API.
 */
public final class PacketCapture implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PacketCapture.class.getName());

  private final Process process;
  private final Path file;

  private PacketCapture(Process process, Path file) {
    this.process = process;
    this.file = file;
  }

  /**
   * Returns tcpdump's argv: packet-buffered ({@code -U}) so the file is complete up to the last
   * frame even if tcpdump is killed, no name resolution, and root kept ({@code -Z root}, Debian's
   * tcpdump would otherwise drop to its own user before opening the file).
   */
  public static List<String> command(String device, Path file) {
    InterfaceNames.requireValid(device, "interface");
    return List.of("tcpdump", "-i", device, "-U", "-n", "-Z", "root", "-w", file.toString());
  }

  /**
   * Starts capturing {@code device} into {@code file} and returns once tcpdump listens.
   *
   * @param prefix the namespace's command prefix
   * @throws IllegalStateException if tcpdump exits instead, with what it said
   */
  public static PacketCapture start(List<String> prefix, String device, Path file) {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(command(device, file));
    Process process;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      process =
          new ProcessBuilder(argv)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start tcpdump (apt-get install tcpdump, or run ci/setup): " + e.getMessage(), e);
    }
    StringBuilder said = new StringBuilder();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        said.append(line).append('\n');
        if (line.contains("listening on")) {
          return new PacketCapture(process, file);
        }
      }
    } catch (IOException e) {
      said.append(e.getMessage());
    }
    process.destroyForcibly();
    throw new IllegalStateException("tcpdump did not start capturing " + device + ": " + said);
  }

  public Path file() {
    return file;
  }

  /** Stops tcpdump and waits until the file is complete; idempotent. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        process.getErrorStream().close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "closing tcpdump's stderr: " + e.getMessage());
      }
    }
  }
}
