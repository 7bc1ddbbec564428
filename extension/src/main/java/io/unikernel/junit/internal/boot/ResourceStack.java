package io.unikernel.junit.internal.boot;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code ResourceStack} closes what was pushed in reverse order. Every close runs even when an
 * earlier one failed; the first failure is thrown with the others suppressed. Closing twice is
 * harmless.
 */
public final class ResourceStack implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Registers {@code resource} to be closed before everything pushed earlier. */
  public synchronized <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        next = resources.poll();
      }
      if (next == null) {
        break;
      }
      try {
        next.close();
      } catch (Exception e) {
        if (failure == null) {
          failure =
              e instanceof RuntimeException
                  ? (RuntimeException) e
                  : new IllegalStateException("clean-up failed: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
