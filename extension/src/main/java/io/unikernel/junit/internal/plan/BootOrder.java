package io.unikernel.junit.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BootOrder} sorts instances so that each comes after the instances its placeholders
 * reference, keeping declaration order otherwise; a cycle is a problem.
 */
final class BootOrder {
  private BootOrder() {}

  static List<InstanceSpec> sort(List<InstanceSpec> specs, Problems problems) {
    Map<String, InstanceSpec> byName = new LinkedHashMap<>();
    specs.forEach(spec -> byName.put(spec.name(), spec));
    List<InstanceSpec> ordered = new ArrayList<>();
    Map<String, Boolean> visiting = new LinkedHashMap<>();
    for (InstanceSpec spec : specs) {
      visit(spec, byName, visiting, ordered, new ArrayList<>(), problems);
    }
    return ordered;
  }

  /** Depth-first; {@code visiting} maps a name to false while on the path, true when done. */
  private static void visit(
      InstanceSpec spec,
      Map<String, InstanceSpec> byName,
      Map<String, Boolean> visiting,
      List<InstanceSpec> ordered,
      List<String> path,
      Problems problems) {
    Boolean state = visiting.get(spec.name());
    if (Boolean.TRUE.equals(state)) {
      return;
    }
    path.add(spec.name());
    if (Boolean.FALSE.equals(state)) {
      List<String> cycle = path.subList(path.indexOf(spec.name()), path.size());
      problems.add(
          "@UnikernelInstance placeholders form a dependency cycle: "
              + String.join(" -> ", cycle)
              + "; an instance can only refer to instances that do not refer back to it");
      path.remove(path.size() - 1);
      return;
    }
    visiting.put(spec.name(), false);
    for (String dependency : spec.dependencies()) {
      visit(byName.get(dependency), byName, visiting, ordered, path, problems);
    }
    visiting.put(spec.name(), true);
    ordered.add(spec);
    path.remove(path.size() - 1);
  }
}
