package io.unikernel.junit.testing;

import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.plan.Declaration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** {@code Declarations} reads a fixture class's annotated fields as the extension would. */
public final class Declarations {
  private Declarations() {}

  /** Returns the declarations of {@code fixture}, named {@code field [Fixture.field]}. */
  public static List<Declaration> of(Class<?> fixture) {
    List<Declaration> declarations = new ArrayList<>();
    for (Field field : fixture.getDeclaredFields()) {
      UnikernelInstance annotation = field.getAnnotation(UnikernelInstance.class);
      if (annotation != null) {
        declarations.add(
            new Declaration(
                field.getName(),
                "field [" + fixture.getSimpleName() + "." + field.getName() + "]",
                field.getType(),
                Modifier.isFinal(field.getModifiers()),
                annotation));
      }
    }
    return declarations;
  }
}
