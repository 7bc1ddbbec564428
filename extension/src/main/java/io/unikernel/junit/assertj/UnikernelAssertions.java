package io.unikernel.junit.assertj;

import io.unikernel.junit.Console;
import io.unikernel.junit.Unikernel;

/**
 * {@code UnikernelAssertions} is the entry point of the AssertJ assertions for instances and their
 * consoles:
 *
 * <pre>{@code
 * import static io.unikernel.junit.assertj.UnikernelAssertions.assertThat;
 *
 * assertThat(server).isRunning().respondsWithBody("/hello", "hello test 2\n");
 * assertThat(client.console()).eventuallyContainsLineMatching("^hello test 2$", ofSeconds(30));
 * }</pre>
 *
 * <p>AssertJ is an optional dependency of unikernel-junit: add {@code org.assertj:assertj-core}
 * (3.x) to your test dependencies to use these.
 *
 * @since 0.2
 */
public final class UnikernelAssertions {

  private UnikernelAssertions() {}

  /** Starts assertions on an instance. */
  public static UnikernelAssert assertThat(Unikernel actual) {
    return new UnikernelAssert(actual);
  }

  /** Starts assertions on an instance's console. */
  public static ConsoleAssert assertThat(Console actual) {
    return new ConsoleAssert(actual);
  }
}
