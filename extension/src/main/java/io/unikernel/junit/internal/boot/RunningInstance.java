package io.unikernel.junit.internal.boot;

import io.unikernel.junit.Console;
import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelLaunchException;
import io.unikernel.junit.internal.image.BootParameters;
import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.ready.PortProbe;
import io.unikernel.junit.internal.ready.Readiness;
import io.unikernel.junit.internal.runtime.ConsoleCapture;
import io.unikernel.junit.internal.runtime.QemuCommand;
import io.unikernel.junit.internal.runtime.QemuVm;
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

  private static final Pattern PROGRAM_STARTED =
      Pattern.compile("^" + Pattern.quote(MicroVmImageBuilder.STARTING_LINE));
  private static final Pattern PROGRAM_EXITED =
      Pattern.compile(Pattern.quote(MicroVmImageBuilder.EXIT_LINE_PREFIX) + "(\\d+)");

  // User networking puts the guest at 10.0.2.15 behind QEMU's gateway 10.0.2.2, which forwards to
  // the host's loopback; these addresses exist only inside QEMU, never on a host interface.
  private static final String USER_GUEST_ADDRESS = "10.0.2.15";
  private static final String USER_GATEWAY = "10.0.2.2";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final InstanceSpec spec;
  private final List<String> args;
  private final List<String> env;
  private final BootEnvironment environment;
  private final ClassNetwork network;
  private final ConsoleCapture console;
  private final Path runDir;
  private final int hostPort;
  private OkHttpClient http;
  private QemuVm vm;
  private BootClock clock;
  private boolean tapMade;
  private boolean closed;

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
    this.console =
        new ConsoleCapture(spec.name(), environment.logsDir().resolve(spec.name() + ".log"));
    this.hostPort = spec.bridged() || spec.port() == 0 ? spec.port() : FreePorts.loopback();
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
      runDir = Files.createTempDirectory("unikernel-" + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    RunningInstance instance = new RunningInstance(spec, args, env, environment, network, runDir);
    try {
      instance.start();
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

  private void start() {
    long started = System.nanoTime();
    clock = new BootClock(network);
    console.reset();
    Path initramfs = environment.images().initramfsFor(spec.image());
    clock.imagePrepared();
    if (spec.bridged() && !tapMade) {
      network.addTap(spec.tap());
      tapMade = true;
    }
    clock.networkReady();
    QemuCommand command = command(initramfs);
    try {
      vm = QemuVm.start(command, spec.bridged() ? network.commandPrefix() : List.of(), console);
    } catch (IOException e) {
      throw new UnikernelLaunchException(
          describe() + " could not start QEMU: " + e.getMessage(), e);
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

  private QemuCommand command(Path initramfs) {
    BootParameters parameters =
        spec.bridged()
            ? new BootParameters(
                spec.ip().toString(),
                spec.prefixLength(),
                spec.gateway() == null ? null : spec.gateway().toString(),
                args,
                env)
            : new BootParameters(USER_GUEST_ADDRESS, 24, USER_GATEWAY, args, env);
    QemuCommand.Builder builder =
        QemuCommand.newBuilder()
            .executable(environment.qemuExecutable())
            .name(spec.name())
            .accelerator(environment.accelerator())
            .memoryMiB(spec.memoryMiB())
            .boot(environment.kernel().vmlinuz(), initramfs, parameters.kernelCommandLine())
            .qmpSocket(runDir.resolve("qmp.sock"));
    if (spec.bridged()) {
      byte[] ip = spec.ip().toBytes();
      // Unique per address on the bridge, and stable across restarts.
      builder
          .tapNetwork(spec.tap())
          .mac(String.format("52:54:00:%02x:%02x:%02x", ip[1], ip[2], ip[3]));
    } else {
      builder.userNetwork(hostPort, spec.port());
    }
    return builder.build();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + spec.startupTimeout().toNanos();
    try {
      Optional<String> started = console.await(PROGRAM_STARTED, left(deadline));
      if (started.isEmpty()) {
        throw failure(
            vm.isAlive() ? "the guest did not start its program in time" : exitReason(), null);
      }
      clock.initSeen();
      if (spec.port() != 0) {
        PortProbe probe = new PortProbe(socketFactory(), address(), !spec.bridged());
        Readiness.awaitPort(spec.name(), probe, left(deadline), vm::isAlive);
      }
      if (spec.ready() != null && console.await(spec.ready(), left(deadline)).isEmpty()) {
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
      throw failure(vm.isAlive() ? e.getMessage() : exitReason() + " (" + e.getMessage() + ")", e);
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private String exitReason() {
    // The VM may be a moment from its exit code when the console ends.
    vm.awaitExit(Duration.ofSeconds(1));
    StringBuilder reason = new StringBuilder("the VM exited during boot");
    vm.exitCode().ifPresent(code -> reason.append(" (QEMU exit code ").append(code).append(')'));
    console.lines().stream()
        .map(PROGRAM_EXITED::matcher)
        .filter(java.util.regex.Matcher::find)
        .reduce((first, second) -> second)
        .ifPresent(m -> reason.append("; the program exited with status ").append(m.group(1)));
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
      start();
    } catch (RuntimeException e) {
      stop();
      throw e;
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
      if (clock != null) {
        stack.push(clock.teardown()); // closed last: the teardown's end
      }
      stack.push(() -> deleteRecursively(runDir));
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
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public String toString() {
    return "Unikernel[" + spec.name() + " " + spec.mode() + " " + addressText() + "]";
  }
}
