package io.unikernel.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs test classes in this JVM and prints one line per finished or skipped class and test; tests
 * that need a JVM of their own (killed, or with fewer privileges) start it with this main. System
 * properties named {@code unikernel.*} become configuration parameters.
 */
public final class RunTestClass {
  private RunTestClass() {}

  public static void main(String[] args) throws ClassNotFoundException {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter");
    for (String name : args) {
      builder.selectors(selectClass(Class.forName(name)));
    }
    System.getProperties().stringPropertyNames().stream()
        .filter(key -> key.startsWith("unikernel."))
        .forEach(key -> builder.configurationParameter(key, System.getProperty(key)));
    builder.execute().allEvents().stream().forEach(RunTestClass::print);
  }

  private static void print(Event event) {
    String name = event.getTestDescriptor().getLegacyReportingName();
    if (event.getType() == EventType.SKIPPED) {
      System.out.println("SKIPPED " + name + ": " + event.getPayload(String.class).orElse(""));
    } else if (event.getType() == EventType.FINISHED) {
      TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
      System.out.println(
          result.getStatus()
              + " "
              + name
              + result
                  .getThrowable()
                  .map(t -> ": " + t.getClass().getName() + ": " + t.getMessage())
                  .orElse(""));
    }
  }
}
