package io.unikernel.junit.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** {@code Problems} collects the annotation errors of one scope, to report them all at once. */
final class Problems {
  private final List<String> problems = new ArrayList<>();

  void add(String problem) {
    problems.add(problem);
  }

  /** Adds a problem with one attribute: where, attribute and value, why, and how to fix it. */
  void add(Declaration declaration, String attribute, String value, String reason, String fix) {
    problems.add(
        declaration.where()
            + " "
            + attribute
            + " = \""
            + value
            + "\": "
            + reason
            + (fix.isEmpty() ? "" : "; " + fix));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  void throwIfAny(Class<?> owner) {
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder("@UnikernelInstance declarations of [")
            .append(owner.getName())
            .append("] are invalid (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    problems.forEach(problem -> message.append("\n  - ").append(problem));
    throw new ExtensionConfigurationException(message.toString());
  }
}
