package io.unikernel.junit.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code LeakCheckExtension} fails a test class that left a QEMU process, a tap, a namespace or a
 * temporary directory behind. Register it before the unikernel extension so that its {@code
 * afterAll} runs after the unikernel extension cleaned up.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!isNested(context)) {
      context.getStore(NAMESPACE).put("check", LeakCheck.start());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // A nested class ends while its outer class's instances still run; the outer class checks.
    if (isNested(context)) {
      return;
    }
    LeakCheck check = context.getStore(NAMESPACE).get("check", LeakCheck.class);
    AtomicReference<List<String>> leaks = new AtomicReference<>(List.of());
    try {
      // A thread or process that was just told to end may need a moment to leave /proc.
      await("no leftovers of " + context.getDisplayName())
          .atMost(Duration.ofSeconds(5))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                leaks.set(check.leaks());
                return leaks.get().isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          context.getDisplayName()
              + " left resources behind:\n  "
              + String.join("\n  ", leaks.get()));
    }
  }

  private static boolean isNested(ExtensionContext context) {
    return context.getParent().flatMap(ExtensionContext::getTestClass).isPresent();
  }
}
