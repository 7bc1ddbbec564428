package io.unikernel.junit.internal.boot;

import io.unikernel.junit.Console;
import io.unikernel.junit.Impairment;
import io.unikernel.junit.Link;
import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelLaunchException;
import io.unikernel.junit.internal.image.BootParameters;
import io.unikernel.junit.internal.image.GuestImage;
import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.ready.PortProbe;
import io.unikernel.junit.internal.ready.Readiness;
import io.unikernel.junit.internal.runtime.ConsoleCapture;
import io.unikernel.junit.internal.runtime.QemuCommand;
import io.unikernel.junit.internal.runtime.QemuVm;
import io.unikernel.junit.internal.runtime.ops.OpsCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * {@code RunningInstance} is the {@link Unikernel} handle: it boots its spec, waits until ready,
 * and owns the VM, its tap and its temporary files until {@link #close()}.
 */
public final class RunningInstance implements Unikernel, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RunningInstance.class.getName());

  // User networking puts the guest at 10.0.2.15 behind QEMU's gateway 10.0.2.2, which forwards to
  // the host's loopback; these addresses exist only inside QEMU, never on a host interface.
  private static final String USER_GUEST_ADDRESS = "10.0.2.15";
  private static final String USER_GATEWAY = "10.0.2.2";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /** What QEMU prints when it cannot bind a forwarded port. */
  private static final String FORWARD_TAKEN = "Could not set up host forwarding rule";

  private final InstanceSpec spec;
  private final List<String> args;
  private final List<String> env;
  private final BootEnvironment environment;
  private final ClassNetwork network;
  private final ConsoleCapture console;
  private final Path runDir;
  private final GuestImage image;
  private final GuestKind kind;
  private int hostPort;
  private OkHttpClient http;
  private volatile QemuVm vm;
  private BootClock clock;
  private boolean tapMade;
  // Console lines before this index belong to an earlier boot.
  private int bootLine;
  private boolean closed;
  private InstanceImpairment impairment;
  private volatile boolean linkUp = true;

  private RunningInstance(
      InstanceSpec spec,
      List<String> args,
      List<String> env,
      BootEnvironment environment,
      ClassNetwork network,
      Path runDir) {
    this.spec = spec;
    this.args = args;
    this.env = env;
    this.environment = environment;
    this.network = network;
    this.runDir = runDir;
    this.image = GuestImage.locate(spec.image(), environment.ops().home());
    this.kind =
        spec.runtime().equals("ops")
            ? GuestKind.OPS
            : image.disk() ? GuestKind.DISK : GuestKind.PROGRAM;
    this.console =
        new ConsoleCapture(spec.name(), environment.logsDir().resolve(spec.name() + ".log"));
    this.hostPort = spec.bridged() || spec.port() == 0 ? spec.port() : spec.hostPort();
  }

  /**
   * Boots {@code spec} with placeholders already resolved into {@code args} and {@code env}, and
   * returns once it is ready. On failure everything made for it is released before the exception
   * leaves.
   *
   * @param network the class's bridged network; {@code null} for usermode instances
   * @throws UnikernelLaunchException naming the instance, the reason and the console tail
   */
  public static RunningInstance boot(
      InstanceSpec spec,
      List<String> args,
      List<String> env,
      BootEnvironment environment,
      ClassNetwork network) {
    Path runDir;
    try {
      runDir =
          Files.createTempDirectory(
              StaleRunReaper.RUN_DIR_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    RunningInstance instance = new RunningInstance(spec, args, env, environment, network, runDir);
    LiveInstances.opened(instance);
    try {
      instance.startForwardingFromAFreePort();
      return instance;
    } catch (RuntimeException e) {
      try {
        instance.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Starts the VM; in usermode first picks the port to forward from (kept across restarts, so
   * injected addresses stay valid), or checks the one the user fixed. A picked port can be taken by
   * another process before QEMU binds it; QEMU then exits at once and one more port is tried, no
   * more.
   */
  private void startForwardingFromAFreePort() {
    if (spec.bridged() || spec.port() == 0) {
      start();
      return;
    }
    if (usesOps()) {
      // ops forwards the guest port from the same port number, on every interface.
      hostPort = spec.port();
      FreePorts.requireFree(spec.name(), hostPort);
      start();
      return;
    }
    if (spec.hostPort() != 0) {
      FreePorts.requireFree(spec.name(), spec.hostPort());
      start();
      return;
    }
    if (hostPort == 0) {
      hostPort = FreePorts.loopback();
    }
    try {
      start();
    } catch (UnikernelLaunchException e) {
      if (vm == null || vm.isAlive() || !console.text().contains(FORWARD_TAKEN)) {
        throw e;
      }
      hostPort = FreePorts.loopback();
      start();
    }
  }

  private void start() {
    long started = System.nanoTime();
    clock = new BootClock(network);
    if (vm == null) {
      console.reset();
    } else {
      console.mark("restarting " + spec.name());
    }
    bootLine = console.lineCount();
    List<String> wrapper = spec.bridged() ? network.commandPrefix() : List.of();
    try {
      if (usesOps()) {
        // ops makes its tap (and finds the class's bridge) itself, inside the namespace.
        clock.imagePrepared();
        clock.networkReady();
        vm = QemuVm.startTool(opsArgv(), wrapper, console);
      } else {
        Path initramfs =
            kind == GuestKind.DISK ? null : environment.images().initramfsFor(image.path());
        clock.imagePrepared();
        if (spec.bridged() && !tapMade) {
          network.addTap(spec.tap());
          tapMade = true;
        }
        if (kind == GuestKind.DISK && spec.bridged()) {
          // A disk image's address is baked in, or asked for by DHCP: serve the annotated one.
          network.serveDhcp(mac(), spec.ip());
        }
        clock.networkReady();
        vm = QemuVm.start(command(initramfs), wrapper, console);
      }
    } catch (IOException e) {
      throw new UnikernelLaunchException(
          describe() + " could not start " + spec.runtime() + ": " + e.getMessage(), e);
    }
    clock.spawned(vm);
    awaitReady();
    clock.ready();
    LOG.log(
        Level.INFO,
        () ->
            String.format(
                "unikernel [%s] ready: mode=%s accel=%s address=%s boot-to-ready=%.2fs",
                spec.name(),
                spec.mode(),
                environment.accelerator().name(),
                addressText(),
                (System.nanoTime() - started) / 1e9));
  }

  private boolean usesOps() {
    return kind == GuestKind.OPS;
  }

  private List<String> opsArgv() {
    List<String> argv = new ArrayList<>();
    if (environment.ops().home() != null) {
      argv.addAll(List.of("env", "OPS_HOME=" + environment.ops().home()));
    }
    argv.addAll(
        OpsCommand.run(
                environment.ops().executable(), spec, args, env, environment.network().bridgeName())
            .argv());
    return argv;
  }

  /** Returns QEMU's command; {@code initramfs} is {@code null} when booting a disk image. */
  private QemuCommand command(Path initramfs) {
    QemuCommand.Builder builder =
        QemuCommand.newBuilder()
            .executable(environment.qemuExecutable())
            .name(spec.name())
            .accelerator(environment.accelerator())
            .memoryMiB(spec.memoryMiB())
            .qmpSocket(runDir.resolve("qmp.sock"));
    if (kind == GuestKind.DISK) {
      builder.disk(image.path());
    } else {
      BootParameters parameters =
          spec.bridged()
              ? new BootParameters(
                  spec.ip().toString(),
                  spec.prefixLength(),
                  spec.gateway() == null ? null : spec.gateway().toString(),
                  args,
                  env)
              : new BootParameters(USER_GUEST_ADDRESS, 24, USER_GATEWAY, args, env);
      String append = parameters.kernelCommandLine();
      if (spec.port() != 0) {
        append += " " + BootParameters.watchPort(spec.port());
      }
      builder.boot(environment.kernel().vmlinuz(), initramfs, append);
    }
    if (spec.bridged()) {
      builder.tapNetwork(spec.tap()).mac(mac());
    } else {
      builder.userNetwork(hostPort, spec.port());
    }
    return builder.build();
  }

  /** Returns the bridged NIC's MAC: unique per address on the bridge, stable across restarts. */
  private String mac() {
    byte[] ip = spec.ip().toBytes();
    return String.format("52:54:00:%02x:%02x:%02x", ip[1], ip[2], ip[3]);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + spec.startupTimeout().toNanos();
    try {
      Optional<String> started = console.await(kind.startedLine(), left(deadline), bootLine);
      if (started.isEmpty()) {
        throw failure(
            console.hasEnded() || !vm.isAlive()
                ? exitReason()
                : "the guest did not start its program within " + spec.startupTimeout(),
            null);
      }
      clock.initSeen();
      if (spec.port() != 0) {
        awaitPort(deadline);
      }
      if (spec.ready() != null && console.await(spec.ready(), left(deadline), bootLine).isEmpty()) {
        throw failure(
            vm.isAlive()
                ? "no console line matched ready = \""
                    + spec.ready()
                    + "\" within "
                    + spec.startupTimeout()
                : exitReason(),
            null);
      }
    } catch (Readiness.ReadinessException e) {
      String reason = e.getMessage() + " (startupTimeout " + spec.startupTimeout() + ")";
      throw failure(vm.isAlive() ? reason : exitReason() + "; " + reason, e);
    }
  }

  /**
   * Waits until the application answers on its port. Through a user-mode forward a probe cannot
   * tell a listening guest from one about to refuse, so it must hold each connection open a while;
   * a microVM program's init instead announces on the console the moment the program listens, and
   * then one plain connect suffices.
   */
  private void awaitPort(long deadline) {
    boolean throughForward = !spec.bridged();
    if (throughForward && kind == GuestKind.PROGRAM) {
      Pattern listening =
          Pattern.compile(
              "^" + Pattern.quote(MicroVmImageBuilder.LISTENING_LINE_PREFIX + spec.port()) + "$");
      if (console.await(listening, left(deadline), bootLine).isEmpty()) {
        throw failure(
            console.hasEnded() || !vm.isAlive()
                ? exitReason()
                : "the program did not listen on TCP port "
                    + spec.port()
                    + " within "
                    + spec.startupTimeout()
                    + " (watched inside the guest, in /proc/net/tcp)",
            null);
      }
      throughForward = false;
    }
    PortProbe probe = new PortProbe(socketFactory(), address(), throughForward);
    Readiness.awaitPort(spec.name(), probe, left(deadline), vm::isAlive);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private String exitReason() {
    // The VM may be a moment from its exit code when the console ends.
    vm.awaitExit(Duration.ofSeconds(1));
    StringBuilder reason = new StringBuilder("the VM exited during boot");
    vm.exitCode().ifPresent(code -> reason.append(" (QEMU exit code ").append(code).append(')'));
    int code = vm.exitCode().orElse(0);
    kind.guestExitCode(code)
        .ifPresent(
            guest ->
                reason
                    .append("; the guest's exit code is ")
                    .append(guest)
                    .append(" (isa-debug-exit)"));
    if (environment.accelerator().isKvm() && code != 0) {
      reason.append(
          "; QEMU failed under KVM, which nested VMs often cannot run: set unikernel.accel=auto"
              + " (checks the CPU) or tcg");
    }
    List<String> lines = console.lines();
    kind.programExitStatus(lines.subList(Math.min(bootLine, lines.size()), lines.size()))
        .ifPresent(status -> reason.append("; the program exited with status ").append(status));
    return reason.toString();
  }

  private UnikernelLaunchException failure(String reason, Throwable cause) {
    return new UnikernelLaunchException(
        describe() + " failed to boot: " + reason + "\n" + console.describeTail(), cause);
  }

  private String describe() {
    StringBuilder text =
        new StringBuilder("Instance [")
            .append(spec.name())
            .append("] (image [")
            .append(spec.image())
            .append("], mode ")
            .append(spec.mode());
    if (spec.bridged()) {
      text.append(", tap [").append(spec.tap()).append("], ip [").append(spec.ip()).append(']');
    }
    if (vm != null) {
      text.append(", pid ").append(vm.pid());
    }
    return text.append(')').toString();
  }

  private String addressText() {
    return spec.port() == 0 ? ip() : ip() + ":" + port();
  }

  /** Returns the address another guest uses to reach this instance's port. */
  public String guestFacingIp() {
    return spec.bridged() ? spec.ip().toString() : USER_GATEWAY;
  }

  /** Returns the port another guest uses to reach this instance. */
  public int guestFacingPort() {
    return hostPort;
  }

  public InstanceSpec spec() {
    return spec;
  }

  /** Returns the phase durations of the last boot and, once closed, of the teardown (ci/bench). */
  public BootTimings timings() {
    BootClock current = clock;
    return current == null ? null : current.timings();
  }

  /** Returns QEMU's process id, or -1 before the first boot. */
  public synchronized long pid() {
    return vm == null ? -1 : vm.pid();
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public Mode mode() {
    return spec.mode();
  }

  @Override
  public String ip() {
    return spec.bridged() ? spec.ip().toString() : "127.0.0.1";
  }

  @Override
  public int port() {
    return hostPort;
  }

  @Override
  public InetSocketAddress address() {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip()), port());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a literal IP always resolves: " + ip(), e);
    }
  }

  @Override
  public HttpUrl url(String path) {
    return new HttpUrl.Builder()
        .scheme("http")
        .host(ip())
        .port(port() == 0 ? 80 : port())
        .build()
        .resolve(path.startsWith("/") ? path : "/" + path);
  }

  @Override
  public URI uri(String path) {
    return url(path).uri();
  }

  @Override
  public synchronized OkHttpClient http() {
    if (http == null) {
      http = new OkHttpClient.Builder().socketFactory(socketFactory()).build();
    }
    return http;
  }

  @Override
  public SocketFactory socketFactory() {
    return spec.bridged() ? network.socketFactory() : SocketFactory.getDefault();
  }

  @Override
  public Console console() {
    return console;
  }

  @Override
  public synchronized boolean isRunning() {
    return vm != null && vm.isAlive();
  }

  @Override
  public synchronized void stop() {
    if (vm != null) {
      vm.stop(STOP_GRACE);
    }
  }

  @Override
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("instance [" + spec.name() + "] is closed");
    }
    stop();
    try {
      startForwardingFromAFreePort();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    linkUp = true;
    if (impairment != null) {
      impairment.restarted();
    }
  }

  /** Stops the VM, removes the tap and the temporary files; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (ResourceStack stack = new ResourceStack()) {
      stack.push(() -> LiveInstances.closed(this));
      if (clock != null) {
        stack.push(clock.teardown()); // closed last: the teardown's end
      }
      stack.push(() -> StaleRunReaper.deleteRecursively(runDir));
      if (tapMade) {
        stack.push(() -> network.removeTap(spec.tap()));
      }
      if (http != null) {
        OkHttpClient client = http;
        stack.push(
            () -> {
              client.dispatcher().executorService().shutdown();
              client.connectionPool().evictAll();
            });
      }
      // The VM goes first: its tap is busy until QEMU has really exited.
      stack.push(this::stop);
      if (impairment != null) {
        // Before the VM stops: the delay line detaches from a running QEMU.
        stack.push(impairment::close);
      }
    }
  }

  @Override
  public Link link() {
    return new Link() {
      @Override
      public void down() {
        setLink(false);
      }

      @Override
      public void up() {
        setLink(true);
      }

      @Override
      public boolean isUp() {
        return linkUp;
      }

      @Override
      public String toString() {
        return "Link[" + spec.name() + (linkUp ? " up]" : " down]");
      }
    };
  }

  private synchronized void setLink(boolean up) {
    // n0 is the netdev; QEMU sets the link of its peer NIC too and tells the guest.
    qmp("set_link", "{\"name\":\"n0\",\"up\":" + up + "}");
    linkUp = up;
  }

  @Override
  public synchronized void pause() {
    qmp("stop", null);
  }

  @Override
  public synchronized void resume() {
    qmp("cont", null);
  }

  @Override
  public synchronized void kill() {
    if (vm != null) {
      vm.kill();
    }
  }

  @Override
  public synchronized Impairment network() {
    if (!spec.bridged()) {
      throw new UnsupportedOperationException(
          "instance ["
              + spec.name()
              + "] runs in "
              + spec.mode()
              + " mode; network impairment (latency, loss, rate, partitions) needs mode ="
              + " Mode.BRIDGED");
    }
    if (closed) {
      throw new IllegalStateException("instance [" + spec.name() + "] is closed");
    }
    if (impairment == null) {
      impairment = new InstanceImpairment(this, network, runDir);
    }
    return impairment;
  }

  private void qmp(String command, String arguments) {
    if (vm == null || !vm.isAlive()) {
      throw new IllegalStateException(
          "instance [" + spec.name() + "] is not running; cannot " + command);
    }
    try {
      vm.qmp(command, arguments);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "QMP " + command + " of instance [" + spec.name() + "] failed: " + e.getMessage(), e);
    }
  }

  /** Returns the current VM; unsynchronized (volatile), so impairments never wait for a boot. */
  QemuVm vm() {
    return vm;
  }

  ClassNetwork classNetwork() {
    return network;
  }

  @Override
  public String toString() {
    return "Unikernel[" + spec.name() + " " + spec.mode() + " " + addressText() + "]";
  }
}
