package io.unikernel.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code Console} is the captured serial output of one instance, readable while the instance runs.
 * It is also written to {@link #logFile()}.
 *
 * @since 0.1
 */
public interface Console {

  /** Returns everything the instance printed so far, lines joined by {@code \n}. */
  String text();

  /** Returns the lines printed so far, without line terminators; never {@code null}. */
  List<String> lines();

  /**
   * Waits until a line matching {@code regex} (found anywhere in the line) has been printed, and
   * returns the first such line. Lines printed before the call count too.
   *
   * @throws UnikernelLaunchException if no line matched within {@code timeout}, or the instance
   *     stopped first; the message carries the tail of the console
   */
  String waitFor(String regex, Duration timeout);

  /** Returns the last {@code n} lines, for error messages. */
  List<String> tail(int n);

  /** Returns the file the console is written to. */
  Path logFile();
}
