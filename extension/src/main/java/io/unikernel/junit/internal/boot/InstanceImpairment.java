package io.unikernel.junit.internal.boot;

import io.unikernel.junit.Impairment;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.internal.runtime.DelayLine;
import io.unikernel.junit.internal.runtime.FrameSchedule;
import io.unikernel.junit.internal.runtime.QemuVm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * {@code InstanceImpairment} is the {@link Impairment} of one bridged instance: latency, jitter,
 * loss and rate through a {@link DelayLine} in its QEMU, partitions through the class network's
 * {@link io.unikernel.junit.internal.net.BridgePartitions}.
 */
final class InstanceImpairment implements Impairment, AutoCloseable {

  /** The netdev id QemuCommand gives the NIC's backend. */
  private static final String NETDEV = "n0";

  private final RunningInstance instance;
  private final ClassNetwork network;
  private final Path runDir;
  private final FrameSchedule schedule = new FrameSchedule(new Random());
  private DelayLine line;

  InstanceImpairment(RunningInstance instance, ClassNetwork network, Path runDir) {
    this.instance = instance;
    this.network = network;
    this.runDir = runDir;
  }

  @Override
  public Impairment latency(Duration delay) {
    return latency(delay, Duration.ZERO);
  }

  @Override
  public synchronized Impairment latency(Duration delay, Duration jitter) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(jitter, "jitter");
    long delayNanos = delay.toNanos();
    return apply(
        schedule.conditions().withLatency(delayNanos, delayNanos == 0 ? 0 : jitter.toNanos()));
  }

  @Override
  public synchronized Impairment loss(double percent) {
    return apply(schedule.conditions().withLoss(percent));
  }

  @Override
  public synchronized Impairment rate(long bitsPerSecond) {
    return apply(schedule.conditions().withRate(bitsPerSecond));
  }

  @Override
  public synchronized Impairment clear() {
    return apply(FrameSchedule.Conditions.NONE);
  }

  private Impairment apply(FrameSchedule.Conditions conditions) {
    schedule.conditions(conditions);
    if (conditions.isNone()) {
      closeLine();
    } else {
      attachIfRunning();
    }
    return this;
  }

  /** Puts the delay line into the running VM if the conditions need one and it has none. */
  private void attachIfRunning() {
    QemuVm vm = instance.vm();
    if (vm == null || !vm.isAlive() || schedule.conditions().isNone()) {
      return; // applied when the instance is restarted
    }
    if (line != null && line.isAttachedTo(vm)) {
      return;
    }
    closeLine();
    try {
      line = DelayLine.attach(vm, runDir, NETDEV, schedule, instance.name());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot impair the network of instance [" + instance.name() + "]: " + e.getMessage(), e);
    }
  }

  /** Applies the conditions to the VM that a restart booted. */
  synchronized void restarted() {
    attachIfRunning();
  }

  private void closeLine() {
    if (line != null) {
      line.close();
      line = null;
    }
  }

  @Override
  public Impairment partitionFrom(Unikernel other) {
    network.partitions().partition(instance.spec().tap(), tapOf(other));
    return this;
  }

  @Override
  public Impairment heal(Unikernel other) {
    network.partitions().heal(instance.spec().tap(), tapOf(other));
    return this;
  }

  @Override
  public Impairment healAll() {
    network.partitions().healAll(instance.spec().tap());
    return this;
  }

  private String tapOf(Unikernel other) {
    Objects.requireNonNull(other, "other");
    if (other == instance) {
      throw new IllegalArgumentException(
          "instance [" + instance.name() + "] cannot be partitioned from itself");
    }
    if (!(other instanceof RunningInstance peer)
        || !peer.spec().bridged()
        || peer.classNetwork() != network) {
      throw new IllegalArgumentException(
          "instance ["
              + other.name()
              + "] is not a bridged instance on the network of ["
              + instance.name()
              + "]; partitions exist only between bridged instances of one test class");
    }
    return peer.spec().tap();
  }

  /** Removes the delay line and heals this instance's partitions; idempotent. */
  @Override
  public synchronized void close() {
    try {
      closeLine();
    } finally {
      healAll();
    }
  }
}
