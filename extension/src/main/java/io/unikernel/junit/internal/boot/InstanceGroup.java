package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.plan.ClassPlan;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.plan.Placeholders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /**
   * Boots every instance of {@code plan}, each after the ones it references are ready; instances
   * that do not depend on each other boot at the same time.
   */
  public void boot(ClassPlan plan) {
    try {
      for (List<InstanceSpec> wave : waves(plan.bootOrder())) {
        bootConcurrently(wave);
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

  /**
   * Splits a boot order into waves: every instance's dependencies are in earlier waves, so the
   * instances of one wave can boot concurrently.
   */
  static List<List<InstanceSpec>> waves(List<InstanceSpec> bootOrder) {
    Map<String, Integer> waveOf = new HashMap<>();
    List<List<InstanceSpec>> waves = new ArrayList<>();
    for (InstanceSpec spec : bootOrder) {
      // A dependency of an enclosing scope is already running: it puts no constraint here.
      int wave =
          spec.dependencies().stream()
              .mapToInt(d -> waveOf.getOrDefault(d, -1) + 1)
              .max()
              .orElse(0);
      waveOf.put(spec.name(), wave);
      while (waves.size() <= wave) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(spec);
    }
    return waves;
  }

  private void bootConcurrently(List<InstanceSpec> wave) {
    if (wave.size() == 1) {
      bootOne(wave.get(0));
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            wave.size(),
            task -> {
              Thread thread = new Thread(task, "unikernel-boot");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> boots = new ArrayList<>();
      for (InstanceSpec spec : wave) {
        boots.add(pool.submit(() -> bootOne(spec)));
      }
      RuntimeException failure = null;
      for (Future<?> boot : boots) {
        try {
          boot.get();
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException
                  ? (RuntimeException) e.getCause()
                  : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while booting", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdown();
    }
  }

  private void bootOne(InstanceSpec spec) {
    List<String> args = resolve(spec.args());
    List<String> env = resolve(spec.env());
    ClassNetwork net = spec.bridged() ? network.get() : null;
    RunningInstance instance = RunningInstance.boot(spec, args, env, environment, net);
    resources.push(instance);
    synchronized (this) {
      instances.put(spec.name(), instance);
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
