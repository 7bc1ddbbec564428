package io.unikernel.junit.internal.plan;

import io.unikernel.junit.UnikernelInstance;

/**
 * {@code Declaration} is one annotated field as the user wrote it, before validation.
 *
 * @param fieldName the field's simple name, the instance's default name
 * @param where how errors name it, e.g. {@code field [com.example.FooTest.server]}
 * @param type the field's declared type
 * @param isFinal whether the field is {@code final} (refused: it cannot be injected)
 */
public record Declaration(
    String fieldName, String where, Class<?> type, boolean isFinal, UnikernelInstance annotation) {

  /**
   * Returns whether this declaration refers by name to an instance declared elsewhere (it has a
   * name and no image) instead of declaring one.
   */
  public boolean isReference() {
    return annotation.image().isEmpty() && !annotation.name().isEmpty();
  }

  /** Returns the instance name: the annotation's {@code name}, else the field name. */
  public String instanceName() {
    return annotation.name().isEmpty() ? fieldName : annotation.name();
  }
}
