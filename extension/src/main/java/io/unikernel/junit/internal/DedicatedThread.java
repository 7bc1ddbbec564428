package io.unikernel.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code DedicatedThread} is one platform daemon thread that runs the work handed to it, one task
 * at a time, until it is closed.
 *
 * <p>It exists because some Linux state belongs to a <em>thread</em>, not to the process:
 *
 * <ul>
 *   <li>{@code setns(2)} and {@code unshare(2)} change the namespaces of the calling thread only,
 *       and sockets, tap devices and child processes are made in the namespaces of the thread that
 *       creates them;
 *   <li>a parent-death signal ({@code prctl(PR_SET_PDEATHSIG)}) fires when the thread that forked
 *       the child exits, not when the process does.
 * </ul>
 *
 * <p>So processes and namespace-bound resources must be created on a thread that lives as long as
 * they do, never on a pooled or virtual thread that may be retired or switch carriers. The thread
 * is started by {@link #start(String)} and is the same thread for the whole life of this object: a
 * task that throws never kills it.
 *
 * <p>Intended for the extension's own network and runtime layers; this is not API.
 */
public final class DedicatedThread implements AutoCloseable {

  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  private final String name;
  private final Thread thread;
  private final ThreadPoolExecutor executor;

  private DedicatedThread(String name) {
    this.name = name;
    Thread[] created = new Thread[1];
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              if (created[0] != null) {
                // The pool only asks for a second thread if the first one died, and ours never
                // does (see executor()); a replacement would silently lack the first one's
                // per-thread state, so refuse to make one.
                return null;
              }
              Thread t = new Thread(runnable, name);
              t.setDaemon(true);
              created[0] = t;
              return t;
            });
    executor.prestartCoreThread();
    this.thread = created[0];
  }

  /**
   * Starts a dedicated thread.
   *
   * @param name the thread's name, shown in thread dumps; must not be {@code null}
   * @return the running thread's handle; never {@code null}
   */
  public static DedicatedThread start(String name) {
    Objects.requireNonNull(name, "name must not be null");
    return new DedicatedThread(name);
  }

  /**
   * Returns the name given to {@link #start(String)}.
   *
   * @return the thread's name; never {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * Tells whether the calling thread is this dedicated thread.
   *
   * @return {@code true} when called from work running on this thread
   */
  public boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs {@code work} on the dedicated thread and waits for its result.
   *
   * <p>Called from the dedicated thread itself, it runs {@code work} directly instead of waiting
   * for itself. Exceptions thrown by {@code work} reach the caller: a {@link RuntimeException} or
   * {@link Error} as it is, an {@link IOException} wrapped in an {@link UncheckedIOException}, any
   * other checked exception wrapped in an {@link IllegalStateException}.
   *
   * @param work the work to run; must not be {@code null}
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws IllegalStateException if this thread is closed, if the caller is interrupted while
   *     waiting (the work may still run to its end), or if {@code work} threw a checked exception
   */
  public <T> T call(Callable<T> work) {
    Objects.requireNonNull(work, "work must not be null");
    if (isCurrentThread()) {
      try {
        return work.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw wrapChecked(e);
      }
    }
    Future<T> future;
    try {
      future = executor.submit(work);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("dedicated thread [" + name + "] is closed", e);
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for work on dedicated thread [" + name + "]", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw wrapChecked(cause);
    }
  }

  /**
   * Runs {@code work} on the dedicated thread and waits until it is done, with the exception rules
   * of {@link #call(Callable)}.
   *
   * @param work the work to run; must not be {@code null}
   * @throws IllegalStateException see {@link #call(Callable)}
   */
  public void run(ThrowingRunnable work) {
    Objects.requireNonNull(work, "work must not be null");
    call(
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Returns an {@link Executor} that runs tasks on the dedicated thread without waiting for them,
   * for APIs that take an executor (Awaitility's {@code pollExecutorService} needs a full executor
   * service; use {@link #call(Callable)} in a poll instead).
   *
   * <p>A task that throws is reported to the thread's uncaught exception handler and the thread
   * carries on, so the thread and its per-thread state survive. Tasks submitted after {@link
   * #close()} are rejected with a {@link RejectedExecutionException}.
   *
   * @return the executor; never {@code null}
   */
  public Executor executor() {
    return task -> {
      Objects.requireNonNull(task, "task must not be null");
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (Throwable t) {
              Thread current = Thread.currentThread();
              current.getUncaughtExceptionHandler().uncaughtException(current, t);
            }
          });
    };
  }

  /**
   * Stops accepting work, lets queued work finish and waits up to 5 seconds for the thread to end.
   * Calling it again does nothing more than wait again.
   *
   * <p>Called from the dedicated thread itself, it only stops accepting work: a thread cannot wait
   * for its own end.
   *
   * @throws IllegalStateException if the thread did not end within 5 seconds (it is interrupted
   *     then), or if the caller was interrupted while waiting
   */
  @Override
  public void close() {
    executor.shutdown();
    if (isCurrentThread()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
    try {
      // The pool counts as terminated slightly before its thread has left the kernel; joining
      // the thread too means its per-thread state (a namespace, say) is released on return.
      if (executor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
      throw new IllegalStateException(
          "interrupted while waiting for dedicated thread [" + name + "] to end", e);
    }
    if (thread.isAlive()) {
      StackTraceElement[] stack = thread.getStackTrace();
      executor.shutdownNow();
      throw new IllegalStateException(
          "dedicated thread ["
              + name
              + "] did not end within "
              + CLOSE_TIMEOUT_SECONDS
              + " s; it was interrupted; last seen at "
              + (stack.length > 0 ? stack[0] : "<unknown>"));
    }
  }

  @Override
  public String toString() {
    return "DedicatedThread[" + name + "]";
  }

  private RuntimeException wrapChecked(Throwable cause) {
    if (cause instanceof IOException) {
      return new UncheckedIOException(
          "work on dedicated thread [" + name + "] failed: " + cause.getMessage(),
          (IOException) cause);
    }
    return new IllegalStateException(
        "work on dedicated thread [" + name + "] failed: " + cause, cause);
  }

  /**
   * {@code ThrowingRunnable} is a {@link Runnable} that may throw any exception.
   *
   * <p>Handed to {@link DedicatedThread#run(ThrowingRunnable)}.
   */
  @FunctionalInterface
  public interface ThrowingRunnable {

    /**
     * Does the work.
     *
     * @throws Exception anything; see {@link DedicatedThread#call(Callable)} for how it reaches the
     *     caller
     */
    void run() throws Exception;
  }
}
