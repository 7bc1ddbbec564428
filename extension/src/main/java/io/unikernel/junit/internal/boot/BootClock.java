package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.runtime.QemuVm;
import io.unikernel.junit.internal.runtime.QmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code BootClock} takes the time marks of one boot of a {@link RunningInstance} and turns them
 * into {@link BootTimings}. Marks are {@link System#nanoTime()} values taken by the booting thread;
 * taking one costs nanoseconds, so every boot records them.
 *
 * <p>Only the QMP mark costs something: it needs a connection to QEMU's QMP socket right after the
 * spawn, made by a short-lived daemon thread so that the boot itself does not wait for it. It is
 * taken only when the system property {@value #QMP_PROPERTY} is {@code true} (the benchmark sets
 * it).
 */
final class BootClock {

  /** System property that turns on the "QEMU spawn to QMP ready" measurement. */
  static final String QMP_PROPERTY = "unikernel.timings.qmp";

  private static final long UNSET = Long.MIN_VALUE;
  private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
  private static final long QMP_RETRY_MILLIS = 1;

  private final ClassNetwork network;
  private final long started = System.nanoTime();
  private volatile long imagePrepared = UNSET;
  private volatile long networkReady = UNSET;
  private volatile long qmpReady = UNSET;
  private volatile long initSeen = UNSET;
  private volatile long ready = UNSET;
  private volatile long teardownStarted = UNSET;
  private volatile long teardownEnded = UNSET;

  /**
   * @param network the class's bridged network, or {@code null} in usermode
   */
  BootClock(ClassNetwork network) {
    this.network = network;
  }

  void imagePrepared() {
    imagePrepared = System.nanoTime();
  }

  /** Marks the tap ready; QEMU is spawned right after, so this is also the spawn mark. */
  void networkReady() {
    networkReady = System.nanoTime();
  }

  /** Starts the QMP measurement for {@code vm}, if asked for. */
  void spawned(QemuVm vm) {
    Path socket = vm.qmpSocket();
    if (socket == null || !Boolean.getBoolean(QMP_PROPERTY)) {
      return;
    }
    Thread probe = new Thread(() -> probeQmp(vm, socket), "unikernel-qmp-timing");
    probe.setDaemon(true);
    probe.start();
  }

  private void probeQmp(QemuVm vm, Path socket) {
    long deadline = System.nanoTime() + QMP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && vm.isAlive()) {
      if (Files.exists(socket)) {
        // Closed at once: QEMU serves one QMP client at a time, and stop() needs the socket.
        try (QmpClient client = QmpClient.connect(socket)) {
          qmpReady = System.nanoTime();
          return;
        } catch (IOException e) {
          // Not listening yet, or the handshake was cut short; try again.
        }
      }
      try {
        Thread.sleep(QMP_RETRY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void initSeen() {
    initSeen = System.nanoTime();
  }

  void ready() {
    ready = System.nanoTime();
  }

  /** Marks the start of the teardown; closing the result marks its end. */
  AutoCloseable teardown() {
    teardownStarted = System.nanoTime();
    return () -> teardownEnded = System.nanoTime();
  }

  BootTimings timings() {
    return new BootTimings(
        network == null ? null : network.setUpTime(),
        between(started, imagePrepared),
        between(imagePrepared, networkReady),
        between(networkReady, qmpReady),
        between(networkReady, initSeen),
        between(initSeen, ready),
        between(started, ready),
        between(teardownStarted, teardownEnded),
        network == null ? null : network.tearDownTime());
  }

  private static Duration between(long from, long to) {
    return from == UNSET || to == UNSET ? null : Duration.ofNanos(to - from);
  }
}
