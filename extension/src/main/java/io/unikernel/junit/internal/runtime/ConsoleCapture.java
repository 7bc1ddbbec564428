package io.unikernel.junit.internal.runtime;

import io.unikernel.junit.Console;
import io.unikernel.junit.UnikernelLaunchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code ConsoleCapture} keeps what a guest prints on its serial console: in memory for {@link
 * #waitFor}, and in a log file for humans. A pump thread feeds it from QEMU's stdout; waiters are
 * woken per line, so console-based readiness costs no polling delay.
 */
public final class ConsoleCapture implements Console {

  /** Lines shown in error messages. */
  public static final int TAIL_LINES = 30;

  private final String instance;
  private final Path logFile;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  public ConsoleCapture(String instance, Path logFile) {
    this.instance = instance;
    this.logFile = logFile;
  }

  /**
   * Reads {@code output} to its end on a new daemon thread, appending to the log file (which a
   * restart appends to, after a marker line).
   */
  public void follow(InputStream output) {
    synchronized (this) {
      ended = false;
    }
    Thread pump = new Thread(() -> pump(output), "unikernel-console-" + instance);
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(InputStream output) {
    try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        Writer log =
            Files.newBufferedWriter(
                logFile,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        append(line);
      }
    } catch (IOException e) {
      // The stream closes when QEMU is killed; what was read so far stays available.
      append("[unikernel-junit: console read ended: " + e.getMessage() + "]");
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Returns whether QEMU closed its output, i.e. exited or is exiting. */
  public synchronized boolean hasEnded() {
    return ended;
  }

  /** Returns how many lines were captured so far. */
  public synchronized int lineCount() {
    return lines.size();
  }

  /** Adds a line of our own (such as a restart marker) to the console and its log. */
  public void mark(String note) {
    String line = "[unikernel-junit: " + note + "]";
    try {
      Files.writeString(
          logFile,
          line + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write console log " + logFile, e);
    }
    append(line);
  }

  synchronized void append(String line) {
    lines.add(line);
    notifyAll();
  }

  @Override
  public synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized List<String> tail(int n) {
    return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  @Override
  public String waitFor(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    Optional<String> line = await(pattern, timeout);
    if (line.isPresent()) {
      return line.get();
    }
    String why;
    synchronized (this) {
      why = ended ? "the instance stopped first" : "timed out after " + timeout;
    }
    throw new UnikernelLaunchException(
        "Waiting for console line matching ["
            + regex
            + "] of instance ["
            + instance
            + "]: "
            + why
            + "\n"
            + describeTail());
  }

  /**
   * Waits until a line matches, the console ends, or {@code timeout} passes; returns the first
   * matching line.
   */
  public Optional<String> await(Pattern pattern, Duration timeout) {
    return await(pattern, timeout, 0);
  }

  /** As {@link #await(Pattern, Duration)}, looking only at lines from index {@code fromLine} on. */
  public Optional<String> await(Pattern pattern, Duration timeout, int fromLine) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = fromLine;
    synchronized (this) {
      while (true) {
        for (; checked < lines.size(); checked++) {
          if (pattern.matcher(lines.get(checked)).find()) {
            return Optional.of(lines.get(checked));
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          return Optional.empty();
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnikernelLaunchException("Interrupted while waiting for [" + instance + "]", e);
        }
      }
    }
  }

  /** Returns the last lines and the log path, for error messages. */
  public String describeTail() {
    List<String> tail = tail(TAIL_LINES);
    StringBuilder text =
        new StringBuilder("Last ")
            .append(tail.size())
            .append(" console lines of [")
            .append(instance)
            .append("] (full log: ")
            .append(logFile.toAbsolutePath())
            .append("):");
    tail.forEach(line -> text.append("\n  | ").append(line));
    return text.toString();
  }

  /** Creates or empties the log file; used before the first boot only, so a restart appends. */
  public void reset() {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Files.writeString(logFile, "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write console log " + logFile, e);
    }
    synchronized (this) {
      lines.clear();
    }
  }
}
