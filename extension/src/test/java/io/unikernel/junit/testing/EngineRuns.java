package io.unikernel.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** {@code EngineRuns} runs fixture classes with EngineTestKit and picks out what failed. */
public final class EngineRuns {
  private EngineRuns() {}

  /** Returns the exceptions of the failed events among {@code events}, in order. */
  public static List<Throwable> failures(Events events) {
    return events.failed().stream()
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .toList();
  }

  /** Runs {@code testCase} and returns why its containers (the class itself) failed. */
  public static List<Throwable> classFailures(Class<?> testCase) {
    return failures(
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(testCase))
            .execute()
            .containerEvents());
  }
}
