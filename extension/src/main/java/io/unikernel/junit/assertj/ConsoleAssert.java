package io.unikernel.junit.assertj;

import io.unikernel.junit.Console;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ConsoleAssert} holds AssertJ assertions on an instance's serial {@link Console}. Lines are
 * compared without their terminators; regexes are found anywhere in a line. Failure messages end
 * with the console's tail.
 *
 * @since 0.2
 */
public class ConsoleAssert extends AbstractAssert<ConsoleAssert, Console> {

  private static final int TAIL_LINES = 20;

  public ConsoleAssert(Console actual) {
    super(actual, ConsoleAssert.class);
  }

  /** Verifies that the console printed exactly {@code line} so far. */
  public ConsoleAssert containsLine(String line) {
    isNotNull();
    if (!actual.lines().contains(line)) {
      failWithMessage(
          "%nExpecting console to contain the line:%n  \"%s\"%nbut it does not.%s", line, tail());
    }
    return this;
  }

  /** Verifies that the console printed a line matching {@code regex} so far. */
  public ConsoleAssert containsLineMatching(String regex) {
    isNotNull();
    if (!matches(actual.lines(), Pattern.compile(regex))) {
      failWithMessage(
          "%nExpecting console to contain a line matching:%n  %s%nbut none does.%s", regex, tail());
    }
    return this;
  }

  /**
   * Verifies that the console prints a line matching {@code regex} within {@code timeout} (lines
   * printed before the call count too).
   */
  public ConsoleAssert eventuallyContainsLineMatching(String regex, Duration timeout) {
    isNotNull();
    Pattern pattern = Pattern.compile(regex);
    try {
      Awaitility.await("a console line matching " + regex)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> matches(actual.lines(), pattern));
    } catch (ConditionTimeoutException e) {
      failWithMessage(
          "%nExpecting console to contain a line matching:%n  %s%nwithin %s but none appeared.%s",
          regex, timeout, tail());
    }
    return this;
  }

  private static boolean matches(List<String> lines, Pattern pattern) {
    return lines.stream().anyMatch(line -> pattern.matcher(line).find());
  }

  private String tail() {
    return describeTail(null, actual, TAIL_LINES);
  }

  static String describeTail(String instance, Console console, int lines) {
    List<String> tail = console.tail(lines);
    StringBuilder text =
        new StringBuilder(String.format("%nLast %d console lines", tail.size()))
            .append(instance == null ? "" : " of [" + instance + "]")
            .append(" (full log: ")
            .append(console.logFile())
            .append("):");
    for (String line : tail) {
      text.append(String.format("%n  | ")).append(line);
    }
    return text.toString();
  }
}
