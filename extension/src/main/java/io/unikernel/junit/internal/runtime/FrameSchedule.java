package io.unikernel.junit.internal.runtime;

import java.util.Objects;
import java.util.Random;

/**
 * {@code FrameSchedule} decides, like {@code tc netem}, when a frame that arrived on an impaired
 * link is delivered, or whether it is dropped: a fixed delay plus uniform jitter, random loss, and
 * a rate limit that serialises frames one after another. Frames never overtake each other. Pure
 * arithmetic on nanosecond timestamps, so it is tested without a clock; thread-safe.
 */
public final class FrameSchedule {

  /** What {@link #release(long, int)} returns for a dropped frame. */
  public static final long DROP = Long.MIN_VALUE;

  /**
   * {@code Conditions} is one setting of the link.
   *
   * @param delayNanos added delay, 0 for none
   * @param jitterNanos maximum deviation from the delay either way, 0 for none
   * @param lossPercent probability of dropping a frame, in percent
   * @param bitsPerSecond rate limit, 0 for none
   */
  public record Conditions(
      long delayNanos, long jitterNanos, double lossPercent, long bitsPerSecond) {

    public static final Conditions NONE = new Conditions(0, 0, 0, 0);

    public Conditions {
      if (delayNanos < 0 || jitterNanos < 0 || bitsPerSecond < 0) {
        throw new IllegalArgumentException("delay, jitter and rate must not be negative");
      }
      if (!(lossPercent >= 0 && lossPercent <= 100)) {
        throw new IllegalArgumentException("loss must be within 0-100 percent: " + lossPercent);
      }
    }

    public Conditions withLatency(long delayNanos, long jitterNanos) {
      return new Conditions(delayNanos, jitterNanos, lossPercent, bitsPerSecond);
    }

    public Conditions withLoss(double lossPercent) {
      return new Conditions(delayNanos, jitterNanos, lossPercent, bitsPerSecond);
    }

    public Conditions withRate(long bitsPerSecond) {
      return new Conditions(delayNanos, jitterNanos, lossPercent, bitsPerSecond);
    }

    /** Returns whether frames pass unchanged. */
    public boolean isNone() {
      return equals(NONE);
    }
  }

  private final Random random;
  private Conditions conditions = Conditions.NONE;
  private long lastRelease = Long.MIN_VALUE;
  private long linkFreeAt = Long.MIN_VALUE;

  public FrameSchedule(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public synchronized Conditions conditions() {
    return conditions;
  }

  public synchronized void conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
  }

  /**
   * Returns when a frame of {@code bytes} that arrived at {@code arrivalNanos} is to be delivered,
   * never before an earlier frame's release, or {@link #DROP}.
   */
  public synchronized long release(long arrivalNanos, int bytes) {
    Conditions c = conditions;
    if (c.lossPercent() > 0 && random.nextDouble() * 100 < c.lossPercent()) {
      return DROP;
    }
    long delay = c.delayNanos();
    if (c.jitterNanos() > 0) {
      delay += (long) ((random.nextDouble() * 2 - 1) * c.jitterNanos());
    }
    long release = arrivalNanos + Math.max(0, delay);
    if (c.bitsPerSecond() > 0) {
      long start = Math.max(release, linkFreeAt);
      linkFreeAt = start + (long) (bytes * 8 * 1e9 / c.bitsPerSecond());
      release = linkFreeAt;
    }
    release = Math.max(release, lastRelease);
    lastRelease = release;
    return release;
  }
}
