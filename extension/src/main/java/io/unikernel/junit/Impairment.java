package io.unikernel.junit;

import java.time.Duration;

/**
 * {@code Impairment} degrades the network of one {@link Mode#BRIDGED} instance, for regression
 * tests of timeouts, retries and partitions. Get it from {@link Unikernel#network()}.
 *
 * <p><strong>Latency, jitter, loss and rate</strong> apply to the frames delivered <em>to</em> the
 * instance (from the bridge, that is from its peers and from the test), like {@code tc netem} on
 * the egress of its tap: a request to an instance with 200 ms latency takes 200 ms longer to
 * arrive, its answer leaves at once. Frames keep their order. Each call replaces the one setting it
 * names and keeps the others; {@link #clear()} removes them all. They are applied by QEMU itself (a
 * {@code filter-redirector} on the NIC's backend that hands frames to a delay line in the JVM), so
 * they need nothing from the host kernel.
 *
 * <p><strong>Partitions</strong> cut every frame between two instances in both directions (an
 * {@code nft} bridge filter on their taps inside the class's network namespace), until healed.
 *
 * <p>Everything is removed when the instance is closed; latency, jitter, loss and rate are applied
 * again after a {@link Unikernel#restart()}, partitions stay in place across it.
 *
 * @since 0.2
 */
public interface Impairment {

  /**
   * Delays every frame delivered to the instance by {@code delay}; {@link Duration#ZERO} removes
   * the delay (and the jitter).
   */
  Impairment latency(Duration delay);

  /**
   * Delays every frame by {@code delay} plus a uniformly random amount in {@code [-jitter,
   * +jitter]} (never below zero, and never overtaking an earlier frame).
   */
  Impairment latency(Duration delay, Duration jitter);

  /**
   * Drops each frame delivered to the instance with probability {@code percent}/100; 0 removes the
   * loss.
   *
   * @throws IllegalArgumentException if {@code percent} is not within 0-100
   */
  Impairment loss(double percent);

  /**
   * Limits the rate of frames delivered to the instance to {@code bitsPerSecond}, queueing (up to
   * 1000 frames, then dropping) what exceeds it; 0 removes the limit.
   */
  Impairment rate(long bitsPerSecond);

  /** Removes latency, jitter, loss and rate (not partitions); returns once they are gone. */
  Impairment clear();

  /**
   * Cuts the network between this instance and {@code other} in both directions.
   *
   * @throws IllegalArgumentException if {@code other} is this instance, or not a bridged instance
   *     of the same class network
   */
  Impairment partitionFrom(Unikernel other);

  /** Heals a partition made with {@link #partitionFrom(Unikernel)}; healing twice is harmless. */
  Impairment heal(Unikernel other);

  /** Heals every partition this instance is part of. */
  Impairment healAll();
}
