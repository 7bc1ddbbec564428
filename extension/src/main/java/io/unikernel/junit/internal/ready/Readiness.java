package io.unikernel.junit.internal.ready;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/** {@code Readiness} polls a {@link PortProbe} until it answers, the VM dies, or time runs out. */
public final class Readiness {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private Readiness() {}

  /**
   * Waits until {@code probe} answers.
   *
   * @param instance the instance's name, for the alias and messages
   * @param alive false once the VM exited: the wait then fails at once
   * @throws ReadinessException if the VM exited or {@code timeout} passed; the message says what
   *     was probed and what was seen last
   */
  public static void awaitPort(
      String instance, PortProbe probe, Duration timeout, BooleanSupplier alive) {
    AtomicReference<String> lastSeen = new AtomicReference<>("no answer yet");
    try {
      await(instance + " ready: " + probe)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL_INTERVAL)
          .pollInSameThread()
          .failFast("unikernel process exited", () -> !alive.getAsBoolean())
          .until(
              () -> {
                try {
                  probe.check();
                  return true;
                } catch (IOException e) {
                  lastSeen.set(e.toString());
                  return false;
                }
              });
    } catch (TerminalFailureException e) {
      throw new ReadinessException(
          probe + " of [" + instance + "] never answered: the VM exited", e);
    } catch (ConditionTimeoutException e) {
      throw new ReadinessException(
          probe + " of [" + instance + "] timed out after " + timeout + "; last seen: " + lastSeen,
          e);
    }
  }

  /** {@code ReadinessException} says why an instance did not become ready. */
  public static final class ReadinessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadinessException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
