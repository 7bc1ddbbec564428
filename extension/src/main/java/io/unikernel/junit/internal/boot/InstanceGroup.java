package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.plan.ClassPlan;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.plan.Placeholders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code InstanceGroup} boots the instances of one scope (a class, or one test) in plan order and
 * stops them in reverse. A boot failure stops every instance the group already started before the
 * exception leaves.
 */
public final class InstanceGroup implements AutoCloseable {

  private final BootEnvironment environment;
  private final Supplier<ClassNetwork> network;
  private final Function<String, Optional<RunningInstance>> outerScope;
  private final Map<String, RunningInstance> instances = new LinkedHashMap<>();
  private final ResourceStack resources = new ResourceStack();

  /**
   * @param network gives the class's bridged network, making it on first use
   * @param outerScope finds running instances of enclosing scopes, for placeholders
   */
  public InstanceGroup(
      BootEnvironment environment,
      Supplier<ClassNetwork> network,
      Function<String, Optional<RunningInstance>> outerScope) {
    this.environment = environment;
    this.network = network;
    this.outerScope = outerScope;
  }

  /** Boots every instance of {@code plan}, each after the ones it references are ready. */
  public void boot(ClassPlan plan) {
    try {
      for (InstanceSpec spec : plan.bootOrder()) {
        List<String> args = resolve(spec.args());
        List<String> env = resolve(spec.env());
        ClassNetwork net = spec.bridged() ? network.get() : null;
        RunningInstance instance = RunningInstance.boot(spec, args, env, environment, net);
        resources.push(instance);
        synchronized (this) {
          instances.put(spec.name(), instance);
        }
      }
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private List<String> resolve(List<String> values) {
    List<String> resolved = new ArrayList<>(values.size());
    for (String value : values) {
      resolved.add(Placeholders.resolve(value, this::lookup));
    }
    return resolved;
  }

  private String lookup(String name, String attribute) {
    RunningInstance target =
        find(name)
            .orElseThrow(
                () -> new IllegalStateException("instance [" + name + "] is not running yet"));
    switch (attribute) {
      case "ip":
        return target.guestFacingIp();
      case "port":
        return String.valueOf(target.guestFacingPort());
      case "address":
        return target.guestFacingIp() + ":" + target.guestFacingPort();
      default:
        throw new IllegalStateException("unknown placeholder attribute " + attribute);
    }
  }

  /** Finds an instance of this group, or else of an enclosing scope. */
  public Optional<RunningInstance> find(String name) {
    RunningInstance own;
    synchronized (this) {
      own = instances.get(name);
    }
    return own != null ? Optional.of(own) : outerScope.apply(name);
  }

  public synchronized Collection<RunningInstance> instances() {
    return List.copyOf(instances.values());
  }

  /** Stops every instance in reverse boot order; idempotent. */
  @Override
  public void close() {
    resources.close();
  }
}
