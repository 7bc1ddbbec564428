package io.unikernel.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs one test class in this JVM; crash tests start it in a JVM of its own and kill that. */
public final class RunTestClass {
  private RunTestClass() {}

  public static void main(String[] args) throws ClassNotFoundException {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(Class.forName(args[0]))).execute();
  }
}
