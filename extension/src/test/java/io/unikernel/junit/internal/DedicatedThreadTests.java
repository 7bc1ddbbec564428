package io.unikernel.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DedicatedThreadTests {

  private final List<DedicatedThread> started = new ArrayList<>();

  private DedicatedThread start(String name) {
    DedicatedThread thread = DedicatedThread.start(name);
    started.add(thread);
    return thread;
  }

  @AfterEach
  void closeThreads() {
    started.forEach(DedicatedThread::close);
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("dedicated-test-"));
  }

  @Test
  void runsAllWorkOnOneNamedPlatformDaemonThread() {
    DedicatedThread dedicated = start("dedicated-test-one");

    Thread first = dedicated.call(Thread::currentThread);
    Thread second = dedicated.call(Thread::currentThread);

    assertThat(first).isSameAs(second).isNotSameAs(Thread.currentThread());
    assertThat(first.getName()).isEqualTo("dedicated-test-one");
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.getClass()).isEqualTo(Thread.class);
    assertThat(dedicated.name()).isEqualTo("dedicated-test-one");
  }

  @Test
  void startsItsThreadRightAway() {
    start("dedicated-test-eager");

    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .contains("dedicated-test-eager");
  }

  @Test
  void rethrowsRuntimeExceptionsAndErrorsAsTheyAre() {
    DedicatedThread dedicated = start("dedicated-test-unchecked");
    IllegalArgumentException runtime = new IllegalArgumentException("bad");
    AssertionError error = new AssertionError("worse");

    assertThatThrownBy(
            () ->
                dedicated.run(
                    () -> {
                      throw runtime;
                    }))
        .isSameAs(runtime);
    assertThatThrownBy(
            () ->
                dedicated.run(
                    () -> {
                      throw error;
                    }))
        .isSameAs(error);
  }

  @Test
  void wrapsAnIoExceptionInAnUncheckedIoException() {
    DedicatedThread dedicated = start("dedicated-test-io");
    IOException io = new IOException("disk on fire");

    assertThatThrownBy(
            () ->
                dedicated.call(
                    () -> {
                      throw io;
                    }))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("work on dedicated thread [dedicated-test-io] failed: disk on fire")
        .hasCause(io);
  }

  @Test
  void wrapsOtherCheckedExceptionsInAnIllegalStateException() {
    DedicatedThread dedicated = start("dedicated-test-checked");
    TimeoutException timeout = new TimeoutException("too slow");

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                dedicated.run(
                    () -> {
                      throw timeout;
                    }))
        .withMessage(
            "work on dedicated thread [dedicated-test-checked] failed:"
                + " java.util.concurrent.TimeoutException: too slow")
        .withCause(timeout);
  }

  @Test
  void runsNestedWorkDirectlyInsteadOfWaitingForItself() {
    DedicatedThread dedicated = start("dedicated-test-nested");

    Thread inner = dedicated.call(() -> dedicated.call(Thread::currentThread));

    assertThat(inner.getName()).isEqualTo("dedicated-test-nested");
  }

  @Test
  void keepsItsThreadWhenAnExecutorTaskThrows() throws Exception {
    DedicatedThread dedicated = start("dedicated-test-executor");
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    Thread thread =
        dedicated.call(
            () -> {
              Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
              return Thread.currentThread();
            });
    IllegalStateException failure = new IllegalStateException("task failed");
    CountDownLatch ranAfter = new CountDownLatch(1);

    dedicated
        .executor()
        .execute(
            () -> {
              throw failure;
            });
    dedicated.executor().execute(ranAfter::countDown);

    ranAfter.await();
    assertThat(reported).containsExactly(failure);
    assertThat(dedicated.call(Thread::currentThread)).isSameAs(thread);
  }

  @Test
  void closeEndsTheThreadAndIsIdempotent() {
    DedicatedThread dedicated = start("dedicated-test-close");
    Thread thread = dedicated.call(Thread::currentThread);

    dedicated.close();
    dedicated.close();

    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void closeLetsQueuedWorkFinish() {
    DedicatedThread dedicated = start("dedicated-test-drain");
    CountDownLatch release = new CountDownLatch(1);
    List<String> done = new CopyOnWriteArrayList<>();
    dedicated.executor().execute(() -> awaitQuietly(release));
    dedicated.executor().execute(() -> done.add("queued"));

    release.countDown();
    dedicated.close();

    assertThat(done).containsExactly("queued");
  }

  @Test
  void refusesWorkAfterClose() {
    DedicatedThread dedicated = start("dedicated-test-closed");
    dedicated.close();

    assertThatIllegalStateException()
        .isThrownBy(() -> dedicated.call(() -> "never"))
        .withMessage("dedicated thread [dedicated-test-closed] is closed")
        .withCauseInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> dedicated.executor().execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void closeFromTheThreadItselfStopsWorkWithoutWaitingForItself() {
    DedicatedThread dedicated = start("dedicated-test-self-close");
    Thread thread = dedicated.call(Thread::currentThread);

    dedicated.run(dedicated::close);

    await("thread of a self-closed DedicatedThread ends")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !thread.isAlive());
    assertThatIllegalStateException().isThrownBy(() -> dedicated.call(() -> "never"));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
