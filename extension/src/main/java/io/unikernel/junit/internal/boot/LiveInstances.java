package io.unikernel.junit.internal.boot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code LiveInstances} closes every instance that is still open when the JVM shuts down normally
 * (end of {@code main}, SIGTERM, Ctrl-C), so QEMU gets a clean {@code quit} and run directories are
 * removed. On SIGKILL the parent-death signal kills QEMU instead, and {@link StaleRunReaper}
 * removes the files at the next start.
 */
final class LiveInstances {

  private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(LiveInstances::closeAll, "unikernel-shutdown-cleanup"));
  }

  private LiveInstances() {}

  static synchronized void opened(AutoCloseable instance) {
    OPEN.add(instance);
  }

  static synchronized void closed(AutoCloseable instance) {
    OPEN.remove(instance);
  }

  private static void closeAll() {
    List<AutoCloseable> open;
    synchronized (LiveInstances.class) {
      open = new ArrayList<>(OPEN);
    }
    // Newest first, as the stores would have done.
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // Best effort at shutdown: keep closing the others.
      }
    }
  }
}
