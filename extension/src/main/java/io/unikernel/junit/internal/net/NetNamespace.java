package io.unikernel.junit.internal.net;

import io.unikernel.junit.internal.DedicatedThread;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.SocketFactory;

/**
 * {@code NetNamespace} is one fresh Linux network namespace with the bridge and taps made in it.
 *
 * <p>The namespace is held by one {@link DedicatedThread} that called {@code
 * unshare(CLONE_NEWNET)}: that thread, and only it, lives in the namespace. Everything that must
 * happen inside runs there: devices are created there, {@link #start(ProcessBuilder)} starts
 * processes (QEMU) there, which then live in the namespace too, and {@link #socketFactory()} makes
 * sockets there, which the JVM can use from any thread to reach guests on the bridge.
 *
 * <p><strong>Crash safety.</strong> Nothing is persistent outside the JVM: the namespace is not
 * bind-mounted anywhere, so the kernel destroys it, with every device in it, as soon as its thread
 * has ended and no process, open socket or descriptor refers to it any more. Even if {@link
 * #close()} never runs, a dead JVM leaves nothing behind once the processes it started in the
 * namespace are gone. {@link #close()} still deletes the taps and the bridge explicitly, so that
 * they are gone even while something else keeps the namespace alive.
 *
 * <p><strong>Caveat.</strong> Threads inherit the namespace of the thread that starts them. The JDK
 * starts its "process reaper" threads lazily from the thread that starts a process, so after {@link
 * #start(ProcessBuilder)} one such thread may hold on to this namespace (now empty of our devices)
 * until it has been idle for a minute. Callbacks on {@code Process.onExit()} run on it.
 *
 * <p>Operations are serialized on the namespace thread; the object may be used from any thread.
 * Intended for the extension's network layer; this is not API.
 */
public final class NetNamespace implements AutoCloseable {

  private static final String THREAD_NAME_PREFIX = "unikernel-netns-";

  private final String label;
  private final DedicatedThread thread;
  // Confined to the namespace thread: only touched inside thread.call(...).
  private final Deque<String> bridges = new ArrayDeque<>();
  private final Deque<String> taps = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Path path;

  private NetNamespace(String label, DedicatedThread thread, Path path) {
    this.label = label;
    this.thread = thread;
    this.path = path;
  }

  /**
   * Creates a network namespace: starts its thread, named {@code unikernel-netns-<label>}, unshares
   * the network namespace on it and brings its loopback interface up.
   *
   * @param label a short name for thread dumps and error messages; must not be {@code null} or
   *     blank
   * @return the namespace; never {@code null}
   * @throws NativeCallException if the namespace cannot be made (run as root: it needs {@code
   *     CAP_SYS_ADMIN}); nothing is left behind then
   */
  public static NetNamespace create(String label) {
    Objects.requireNonNull(label, "label must not be null");
    if (label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
    DedicatedThread thread = DedicatedThread.start(THREAD_NAME_PREFIX + label);
    Path path;
    try {
      path =
          thread.call(
              () -> {
                LinuxNamespaces.unshareNet(label);
                try (Fd socket = Fd.controlSocket("lo")) {
                  LinuxLinks.setUp(socket, "lo", true);
                }
                // /proc/thread-self names this thread's task, whose ns/net is the namespace.
                return Path.of("/proc/thread-self").toRealPath().resolve("ns/net");
              });
    } catch (RuntimeException | Error e) {
      // Ending the thread ends the namespace, if unshare got that far.
      try {
        thread.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return new NetNamespace(label, thread, path);
  }

  /**
   * Returns the label given to {@link #create(String)}.
   *
   * @return the label; never {@code null}
   */
  public String label() {
    return label;
  }

  /**
   * Runs {@code work} inside the namespace, on its thread, and returns its result; see {@link
   * DedicatedThread#call(Callable)} for how exceptions reach the caller.
   *
   * @param work the work; must not be {@code null}
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws IllegalStateException if the namespace is closed
   */
  public <T> T call(Callable<T> work) {
    checkOpen();
    return thread.call(work);
  }

  /**
   * Runs {@code work} inside the namespace, on its thread, and waits for it; see {@link
   * DedicatedThread#call(Callable)} for how exceptions reach the caller.
   *
   * @param work the work; must not be {@code null}
   * @throws IllegalStateException if the namespace is closed
   */
  public void run(DedicatedThread.ThrowingRunnable work) {
    checkOpen();
    thread.run(work);
  }

  /**
   * Returns an executor that runs tasks inside the namespace without waiting for them; see {@link
   * DedicatedThread#executor()}.
   *
   * @return the executor; never {@code null}
   */
  public Executor executor() {
    return thread.executor();
  }

  /**
   * Creates a Linux bridge in the namespace, gives it an IPv4 address and brings it up.
   *
   * <p>The bridge has STP off, so its ports forward as soon as they have a carrier (a QEMU attached
   * to the tap). If a step after the creation fails, the bridge is deleted again.
   *
   * @param name the bridge name, 1-15 ASCII letters, digits, '-', '_' or '.'; must not be {@code
   *     null}
   * @param address the bridge's own address, usually the guests' gateway; must not be {@code null}
   * @param prefixLength the prefix length of the bridge's subnet, 1-30
   * @throws IllegalArgumentException if the name or prefix length is invalid
   * @throws IllegalStateException if the namespace is closed or already has this bridge
   * @throws NativeCallException if a system call fails
   */
  public void addBridge(String name, Ipv4Address address, int prefixLength) {
    InterfaceNames.requireValid(name, "bridge");
    Objects.requireNonNull(address, "address must not be null");
    Ipv4Address netmask = Ipv4Subnet.of(address, prefixLength).netmask();
    checkOpen();
    thread.run(
        () -> {
          checkOpen();
          if (bridges.contains(name)) {
            throw new IllegalStateException(
                "bridge [" + name + "] already exists in network namespace [" + label + "]");
          }
          try (Fd socket = Fd.controlSocket(name)) {
            LinuxBridges.create(socket, name);
            try {
              LinuxLinks.setIpv4(socket, name, address, netmask);
              LinuxLinks.setUp(socket, name, true);
            } catch (RuntimeException | Error e) {
              try {
                LinuxBridges.delete(socket, name);
              } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
              }
              throw e;
            }
          }
          bridges.push(name);
        });
  }

  /**
   * Creates a persistent tap in the namespace, adds it to {@code bridgeName} as a port and brings
   * it up. QEMU started with {@link #start(ProcessBuilder)} can then attach to it with {@code
   * -netdev tap,ifname=<tapName>,script=no,downscript=no}.
   *
   * <p>If a step after the creation fails, the tap is deleted again.
   *
   * @param tapName the tap name, 1-15 ASCII letters, digits, '-', '_' or '.'; must not be {@code
   *     null}
   * @param bridgeName the bridge to attach to, which must exist in the namespace; must not be
   *     {@code null}
   * @throws IllegalArgumentException if a name is invalid
   * @throws IllegalStateException if the namespace is closed
   * @throws NativeCallException if a system call fails, for example with {@code EBUSY} if an
   *     interface named {@code tapName} exists already
   */
  public void addTap(String tapName, String bridgeName) {
    InterfaceNames.requireValid(tapName, "tap");
    InterfaceNames.requireValid(bridgeName, "bridge");
    checkOpen();
    thread.run(
        () -> {
          checkOpen();
          LinuxTaps.createOnBridge(tapName, bridgeName);
          taps.push(tapName);
        });
  }

  /**
   * Deletes a persistent tap in the namespace. A tap that does not exist counts as deleted.
   *
   * @param tapName the tap name; must not be {@code null}
   * @throws IllegalArgumentException if the name is invalid
   * @throws IllegalStateException if the namespace is closed
   * @throws NativeCallException if a system call fails, for example with {@code EBUSY} while a QEMU
   *     is still attached to the tap
   */
  public void deleteTap(String tapName) {
    InterfaceNames.requireValid(tapName, "tap");
    checkOpen();
    thread.run(
        () -> {
          checkOpen();
          LinuxTaps.delete(tapName);
          taps.remove(tapName);
        });
  }

  /**
   * Returns the command prefix that runs a program inside this namespace: util-linux {@code
   * nsenter} joins the namespace through its {@code /proc} path, then executes the program.
   *
   * <p>Processes are not forked from the namespace thread itself because the JDK starts its
   * process-reaper threads from the forking thread; such a thread would inherit the namespace and
   * keep it alive for a minute after {@link #close()}.
   */
  public List<String> commandPrefix() {
    checkOpen();
    return List.of("nsenter", "--net=" + path, "--");
  }

  /**
   * Starts a process inside the namespace (through {@link #commandPrefix()}), from the calling
   * thread.
   *
   * @param processBuilder the process to start; its command is not changed
   * @return the started process; never {@code null}
   * @throws java.io.UncheckedIOException if the process cannot be started
   * @throws IllegalStateException if the namespace is closed
   */
  public Process start(ProcessBuilder processBuilder) {
    Objects.requireNonNull(processBuilder, "processBuilder must not be null");
    List<String> command = new ArrayList<>(commandPrefix());
    command.addAll(processBuilder.command());
    ProcessBuilder inNamespace =
        new ProcessBuilder(command)
            .directory(processBuilder.directory())
            .redirectInput(processBuilder.redirectInput())
            .redirectOutput(processBuilder.redirectOutput())
            .redirectError(processBuilder.redirectError())
            .redirectErrorStream(processBuilder.redirectErrorStream());
    inNamespace.environment().clear();
    inNamespace.environment().putAll(processBuilder.environment());
    try {
      return inNamespace.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * Returns a socket factory whose sockets belong to this namespace, for clients such as OkHttp
   * ({@code OkHttpClient.Builder.socketFactory}) that must reach guests on the bridge. Each socket
   * is created on the namespace thread; connecting and using it may happen on any thread. After
   * {@link #close()} the factory throws a {@link java.net.SocketException}.
   *
   * @return the factory; never {@code null}
   */
  public SocketFactory socketFactory() {
    return new NamespaceSocketFactory(this);
  }

  /**
   * Deletes the taps and bridges made here, newest first, and ends the namespace thread.
   *
   * <p>Every step runs even if an earlier one fails; the first failure is thrown with the others
   * attached as suppressed exceptions. Calling it again does nothing. A tap that is still open
   * elsewhere (a QEMU still running) cannot be deleted; it goes away with the namespace once the
   * process has ended.
   *
   * @throws NativeCallException if a tap or bridge could not be deleted
   * @throws IllegalStateException if the thread did not end in time
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<RuntimeException> failures = new ArrayList<>();
    try {
      thread.run(() -> deleteDevices(failures));
    } catch (RuntimeException e) {
      failures.add(e);
    }
    try {
      thread.close();
    } catch (RuntimeException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Override
  public String toString() {
    return "NetNamespace[" + label + (closed.get() ? ", closed]" : "]");
  }

  private void deleteDevices(List<RuntimeException> failures) {
    // Newest first: taps are ports of the bridges, so they go before them.
    for (Iterator<String> it = taps.iterator(); it.hasNext(); ) {
      String tap = it.next();
      try {
        LinuxTaps.delete(tap);
        it.remove();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    for (Iterator<String> it = bridges.iterator(); it.hasNext(); ) {
      String bridge = it.next();
      try (Fd socket = Fd.controlSocket(bridge)) {
        LinuxBridges.delete(socket, bridge);
        it.remove();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("network namespace [" + label + "] is closed");
    }
  }
}
