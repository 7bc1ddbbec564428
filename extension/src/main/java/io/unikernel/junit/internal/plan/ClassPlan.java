package io.unikernel.junit.internal.plan;

import java.util.List;
import java.util.Optional;

/**
 * {@code ClassPlan} is the validated instances of one scope (a class's static fields, or a test's
 * instance fields) in boot order: every instance comes after the instances it references.
 */
public record ClassPlan(List<InstanceSpec> bootOrder) {

  public ClassPlan {
    bootOrder = List.copyOf(bootOrder);
  }

  public boolean isEmpty() {
    return bootOrder.isEmpty();
  }

  public boolean needsBridge() {
    return bootOrder.stream().anyMatch(InstanceSpec::bridged);
  }

  public Optional<InstanceSpec> find(String name) {
    return bootOrder.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }
}
