package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.unikernel.junit.internal.net.jna.Errno;
import io.unikernel.junit.internal.net.jna.IfTun;
import io.unikernel.junit.internal.net.jna.Ifreq;
import io.unikernel.junit.internal.net.jna.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the network namespace layer against the real kernel; needs root (or {@code unshare -rn}).
 *
 * <p>Private addresses appear only inside the namespaces these tests create, and traffic from the
 * host's namespace only ever goes to 127.0.0.1.
 */
@Tag("netadmin")
class NetNamespaceTests {

  private static final Set<String> OUR_LINKS = Set.of("br0", "tap0", "tap1");
  private static final Ipv4Address BRIDGE_IP = Ipv4Address.parse("192.168.42.1");
  private static final String THREAD_PREFIX = "unikernel-netns-test-";

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<NetNamespace> namespaces = new ArrayList<>();
  private Set<String> hostLinksBefore;

  @BeforeEach
  void rememberHostLinks() throws IOException {
    hostLinksBefore = hostLinks();
    assertThat(hostLinksBefore)
        .as("the host namespace must not have our test links before the test")
        .doesNotContainAnyElementsOf(OUR_LINKS);
  }

  @AfterEach
  void cleanUpAndCheckForLeaks() throws Exception {
    List<Exception> failures = new ArrayList<>();
    // Reverse order of acquisition: processes and open descriptors hold taps and namespaces.
    for (Process process : processes) {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        failures.add(new IllegalStateException("process [" + process.pid() + "] did not exit"));
      }
    }
    for (AutoCloseable closeable : reversed(toClose)) {
      try {
        closeable.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    for (NetNamespace namespace : reversed(namespaces)) {
      try {
        namespace.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    assertThat(hostLinks()).as("links in the host namespace").isEqualTo(hostLinksBefore);
    assertThat(liveThreadNames()).noneMatch(name -> name.startsWith(THREAD_PREFIX));
  }

  @Test
  void createsBridgeAndTapsInsideTheNamespaceOnly() {
    NetNamespace ns = create("test-devices");

    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");
    ns.addTap("tap1", "br0");

    assertThat(index(ns, "br0")).isPresent();
    assertThat(index(ns, "tap0")).isPresent();
    assertThat(index(ns, "tap1")).isPresent();
    assertThat(hostLinksNow()).doesNotContainAnyElementsOf(OUR_LINKS);
    // Inspection only: what iproute2 sees inside the namespace.
    String links = inspect(ns, "ip", "-o", "link", "show");
    assertThat(links.lines().filter(line -> line.contains(" master br0 ")))
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).startsWith("3: tap0: <").contains(",UP>"))
        .anySatisfy(line -> assertThat(line).startsWith("4: tap1: <").contains(",UP>"));
    assertThat(links).contains("1: lo: <LOOPBACK,UP,LOWER_UP>");
    assertThat(inspect(ns, "ip", "-o", "-4", "addr", "show", "dev", "br0"))
        .contains("inet 192.168.42.1/24 brd 192.168.42.255 scope global br0");
  }

  @Test
  void namespacesWithTheSameDeviceNamesAreIsolated() {
    NetNamespace first = create("test-first");
    NetNamespace second = create("test-second");

    for (NetNamespace ns : List.of(first, second)) {
      ns.addBridge("br0", BRIDGE_IP, 24);
      ns.addTap("tap0", "br0");
      ns.addTap("tap1", "br0");
    }

    assertThat(identity(first).netns()).isNotEqualTo(identity(second).netns());
    first.close();
    assertThat(index(second, "tap0")).isPresent();
    assertThat(index(second, "tap1")).isPresent();
    assertThat(index(second, "br0")).isPresent();
  }

  @Test
  void closeDeletesTheDevicesAndEndsTheNamespace() throws Exception {
    NetNamespace ns = create("test-close");
    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");
    ns.addTap("tap1", "br0");
    NamespaceThread identity = identity(ns);
    assertThat(identity.netns()).isNotEqualTo(hostNetns());

    ns.close();
    ns.close();

    // The JVM reports the thread ended a moment before the kernel task is gone.
    await("kernel task " + identity.tid() + " of the namespace thread ends")
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !Files.exists(Path.of("/proc/self/task/" + identity.tid())));
    assertThat(holdersOf(identity.netns()))
        .as("tasks and descriptors holding the namespace")
        .isEmpty();
    assertThatIllegalStateException()
        .isThrownBy(() -> ns.call(() -> "never"))
        .withMessage("network namespace [test-close] is closed");
    assertThatIllegalStateException()
        .isThrownBy(() -> ns.addTap("tap0", "br0"))
        .withMessage("network namespace [test-close] is closed");
  }

  @Test
  void createFailsCleanlyWithoutCapSysAdmin() throws Exception {
    NativeCallException failure =
        failureOnThreadWithout("test-noadmin", ThreadCapabilities.CAP_SYS_ADMIN);

    assertThat(failure)
        .hasMessage(
            "unshare(CLONE_NEWNET) for [test-noadmin] failed: errno 1 (Operation not permitted);"
                + " needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as root")
        .hasCauseInstanceOf(LastErrorException.class);
  }

  @Test
  void createFailsCleanlyWhenTheNamespaceIsMadeButCannotBeSetUp() throws Exception {
    NativeCallException failure =
        failureOnThreadWithout("test-nonetadmin", ThreadCapabilities.CAP_NET_ADMIN);

    assertThat(failure)
        .hasMessage(
            "ioctl(SIOCSIFFLAGS) on socket(AF_INET) for [lo] failed: errno 1 (Operation not"
                + " permitted); needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as"
                + " root");
  }

  @Test
  void addTapDeletesTheHalfMadeTapWhenTheBridgeIsMissing() {
    NetNamespace ns = create("test-nobridge");

    assertThatExceptionOfType(NativeCallException.class)
        .isThrownBy(() -> ns.addTap("tap0", "br0"))
        .withMessage(
            "ioctl(SIOCBRADDIF) on socket(AF_INET) for [br0] failed: errno 19 (No such device)");

    assertThat(index(ns, "tap0")).isEmpty();
  }

  @Test
  void addTapRefusesAnInterfaceThatExistsAlready() {
    NetNamespace ns = create("test-duplicate");
    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");
    int index = index(ns, "tap0").orElseThrow();

    assertThatExceptionOfType(NativeCallException.class)
        .isThrownBy(() -> ns.addTap("tap0", "br0"))
        .withMessage(
            "ioctl(TUNSETIFF) on /dev/net/tun for [tap0] failed: errno 16 (Device or resource"
                + " busy)");
    assertThatExceptionOfType(NativeCallException.class)
        .isThrownBy(() -> ns.addTap("br0", "br0"))
        .withMessageStartingWith("ioctl(TUNSETIFF) on /dev/net/tun for [br0] failed: errno 16");

    assertThat(index(ns, "tap0")).hasValue(index);
    assertThat(index(ns, "br0")).isPresent();
  }

  @Test
  void addBridgeRefusesABridgeItMadeAlready() {
    NetNamespace ns = create("test-twobridges");
    ns.addBridge("br0", BRIDGE_IP, 24);

    assertThatIllegalStateException()
        .isThrownBy(() -> ns.addBridge("br0", BRIDGE_IP, 24))
        .withMessage("bridge [br0] already exists in network namespace [test-twobridges]");
  }

  @Test
  void deleteTapRemovesTheTapAndTreatsAMissingOneAsDeleted() {
    NetNamespace ns = create("test-delete");
    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");

    ns.deleteTap("tap0");
    ns.deleteTap("tap0");
    ns.deleteTap("tap1");

    assertThat(index(ns, "tap0")).isEmpty();
    assertThat(index(ns, "tap1")).isEmpty();
  }

  @Test
  void refusesInvalidNamesBeforeAnyNativeCall() {
    // A closed namespace makes no native call at all, so an IllegalArgumentException rather
    // than "closed" shows that the names are checked first.
    NetNamespace ns = create("test-names");
    ns.close();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ns.addTap("tap-0123456789ab", "br0"))
        .withMessage(
            "tap name \"tap-0123456789ab\" is not a valid interface name (expected 1-15 ASCII"
                + " letters, digits, '-', '_' or '.', and not \".\" or \"..\")");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ns.addTap("tap0", "br/0"))
        .withMessageStartingWith("bridge name \"br/0\" is not a valid interface name");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ns.addBridge("br:0", BRIDGE_IP, 24))
        .withMessageStartingWith("bridge name \"br:0\" is not a valid interface name");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ns.addBridge("br0", BRIDGE_IP, 31))
        .withMessageStartingWith("prefix length [31] is outside 1-30");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ns.deleteTap(".."))
        .withMessageStartingWith("tap name \"..\" is not a valid interface name");
  }

  @Test
  void socketFactoryMakesSocketsThatLiveInTheNamespace() throws Exception {
    NetNamespace ns = create("test-sockets");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port = portFreeOnTheHost();
    // Bound to the namespace's own 127.0.0.1: nothing listens on that port in the host.
    ServerSocket server = ns.call(() -> new ServerSocket(port, 10, loopback));
    toClose.add(server);
    server.setSoTimeout(5_000);
    SocketFactory factory = ns.socketFactory();

    try (Socket socket = factory.createSocket()) {
      socket.connect(new InetSocketAddress(loopback, port), 5_000);
      assertRoundTrip(socket, server);
    }
    try (Socket socket = factory.createSocket(loopback, port)) {
      assertRoundTrip(socket, server);
    }
    try (Socket socket = factory.createSocket("127.0.0.1", port)) {
      assertRoundTrip(socket, server);
    }
    try (Socket socket = factory.createSocket("127.0.0.1", port, loopback, 0)) {
      assertRoundTrip(socket, server);
    }
    try (Socket hostSocket = SocketFactory.getDefault().createSocket()) {
      assertThatExceptionOfType(ConnectException.class)
          .as("the same port on the host's 127.0.0.1")
          .isThrownBy(() -> hostSocket.connect(new InetSocketAddress(loopback, port), 5_000));
    }
  }

  @Test
  void socketFactoryFailsWithASocketExceptionAfterClose() {
    NetNamespace ns = create("test-closedfactory");
    SocketFactory factory = ns.socketFactory();
    ns.close();

    assertThatThrownBy(factory::createSocket)
        .isInstanceOf(SocketException.class)
        .hasMessage("network namespace [test-closedfactory] is closed")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void startsProcessesInsideTheNamespace() throws Exception {
    NetNamespace ns = create("test-process");

    Process sleeper = ns.start(new ProcessBuilder("sleep", "60"));
    processes.add(sleeper);

    // nsenter joins the namespace a moment after the process starts, then runs the program.
    Path link = Path.of("/proc/" + sleeper.pid() + "/ns/net");
    org.awaitility.Awaitility.await("process joined the namespace")
        .atMost(java.time.Duration.ofSeconds(5))
        .pollInterval(java.time.Duration.ofMillis(10))
        .untilAsserted(
            () ->
                assertThat(Files.readSymbolicLink(link).toString())
                    .isEqualTo(identity(ns).netns()));
  }

  @Test
  void aTapOnAFreshBridgeForwardsAsSoonAsItHasACarrier() {
    NetNamespace ns = create("test-forwarding");
    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");
    // Attaching to the tap gives it a carrier, as QEMU does; frames written here enter br0.
    Fd tap =
        ns.call(
            () -> {
              Fd fd = Fd.open(LinuxTaps.TUN_PATH, LibC.O_NONBLOCK, "tap0");
              try {
                fd.ioctl(
                    "TUNSETIFF", IfTun.TUNSETIFF, Ifreq.named("tap0").flags(LinuxTaps.TAP_FLAGS));
              } catch (RuntimeException e) {
                fd.close();
                throw e;
              }
              return fd;
            });
    toClose.add(tap);
    byte[] request = arpRequest(Ipv4Address.parse("192.168.42.19"), BRIDGE_IP);

    LibC.INSTANCE.write(tap.value(), request, new NativeLong(request.length));

    await("ARP reply from br0 on tap0")
        .atMost(Duration.ofSeconds(1))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> readFrames(tap).stream().anyMatch(NetNamespaceTests::isArpReplyFromBridge));
  }

  @Test
  void qemuAttachesToAPersistentTapByName(@TempDir Path tempDir) throws Exception {
    assumeThat(onPath("qemu-system-x86_64")).as("qemu-system-x86_64 on PATH").isTrue();
    NetNamespace ns = create("test-qemu");
    ns.addBridge("br0", BRIDGE_IP, 24);
    ns.addTap("tap0", "br0");
    Path log = tempDir.resolve("qemu.log");

    Process qemu =
        ns.start(
            new ProcessBuilder(
                    "qemu-system-x86_64",
                    "-nodefaults",
                    "-display",
                    "none",
                    "-M",
                    "q35",
                    "-accel",
                    "tcg",
                    "-netdev",
                    "tap,id=n0,ifname=tap0,script=no,downscript=no",
                    "-device",
                    "virtio-net-pci,netdev=n0",
                    "-S")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()));
    processes.add(qemu);

    await("qemu stays up for a second")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> qemu.isAlive() || fail(log));
    assertThat(inspect(ns, "ip", "-o", "link", "show", "dev", "tap0")).contains("LOWER_UP");
    assertThatExceptionOfType(NativeCallException.class)
        .as("deleting a tap QEMU holds open")
        .isThrownBy(() -> ns.deleteTap("tap0"))
        .withMessageContaining("errno 16 (Device or resource busy)");

    qemu.destroyForcibly();
    assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
    ns.deleteTap("tap0");
    assertThat(index(ns, "tap0")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private NetNamespace create(String label) {
    NetNamespace ns = NetNamespace.create(label);
    namespaces.add(ns);
    return ns;
  }

  private static OptionalInt index(NetNamespace ns, String name) {
    return ns.call(
        () -> {
          try (Fd socket = Fd.controlSocket(name)) {
            return LinuxLinks.index(socket, name);
          }
        });
  }

  /** The calling thread's network namespace and kernel thread id, read on the namespace thread. */
  private record NamespaceThread(String netns, String tid) {}

  private static NamespaceThread identity(NetNamespace ns) {
    return ns.call(
        () ->
            new NamespaceThread(
                Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(),
                // "/proc/thread-self" links to "<pid>/task/<tid>".
                Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
  }

  private static String hostNetns() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
  }

  /** Links of the host namespace: the JVM's /sys was mounted there, so it lists those. */
  private static Set<String> hostLinks() throws IOException {
    try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
      return links
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> hostLinksNow() {
    try {
      return hostLinks();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every task whose namespace link, and every descriptor that, refers to {@code netns}. */
  private static List<String> holdersOf(String netns) throws IOException {
    List<String> holders = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        for (Path link : listQuietly(process.resolve("task"), "ns/net")) {
          if (netns.equals(readLinkQuietly(link))) {
            holders.add(link.toString());
          }
        }
        for (Path link : listQuietly(process.resolve("fd"), null)) {
          if (netns.equals(readLinkQuietly(link))) {
            holders.add(link.toString());
          }
        }
      }
    }
    return holders;
  }

  private static List<Path> listQuietly(Path directory, String child) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> child == null ? p : p.resolve(child)).collect(Collectors.toList());
    } catch (NoSuchFileException e) {
      // The process ended while we looked.
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLinkQuietly(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      // Gone while we looked, or not a link: not a holder either way.
      return null;
    }
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  /** Starts {@code NetNamespace.create} on a thread that lacks {@code capabilities}. */
  private NativeCallException failureOnThreadWithout(String label, int... capabilities)
      throws InterruptedException {
    CompletableFuture<NetNamespace> result = new CompletableFuture<>();
    Thread unprivileged =
        new Thread(
            () -> {
              try {
                ThreadCapabilities.dropFromCurrentThread(capabilities);
                result.complete(NetNamespace.create(label));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "unprivileged-" + label);
    unprivileged.start();
    unprivileged.join();
    try {
      namespaces.add(result.get());
      throw new AssertionError("NetNamespace.create succeeded without privileges");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(NativeCallException.class);
      assertThat(liveThreadNames()).doesNotContain("unikernel-netns-" + label);
      return (NativeCallException) e.getCause();
    }
  }

  private static String inspect(NetNamespace ns, String... command) {
    Process process = ns.start(new ProcessBuilder(command).redirectErrorStream(true));
    try (InputStream output = process.getInputStream()) {
      String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue())
          .as("exit code of %s: %s", Arrays.toString(command), text)
          .isZero();
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static int portFreeOnTheHost() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static void assertRoundTrip(Socket client, ServerSocket server) throws IOException {
    try (Socket accepted = server.accept()) {
      OutputStream out = client.getOutputStream();
      out.write(42);
      out.flush();
      assertThat(accepted.getInputStream().read()).isEqualTo(42);
    }
  }

  private static final byte[] GUEST_MAC = {0x02, 0, 0, 0, 0, 0x19};

  /** An Ethernet frame with an ARP request "who has {@code target}? tell {@code sender}". */
  private static byte[] arpRequest(Ipv4Address sender, Ipv4Address target) {
    byte[] frame = new byte[42];
    Arrays.fill(frame, 0, 6, (byte) 0xFF);
    System.arraycopy(GUEST_MAC, 0, frame, 6, 6);
    byte[] header = {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01};
    System.arraycopy(header, 0, frame, 12, header.length);
    System.arraycopy(GUEST_MAC, 0, frame, 22, 6);
    System.arraycopy(sender.toBytes(), 0, frame, 28, 4);
    System.arraycopy(target.toBytes(), 0, frame, 38, 4);
    return frame;
  }

  private static boolean isArpReplyFromBridge(byte[] frame) {
    return frame.length >= 42
        && Arrays.equals(frame, 0, 6, GUEST_MAC, 0, 6)
        && frame[12] == 0x08
        && frame[13] == 0x06
        && frame[20] == 0x00
        && frame[21] == 0x02
        && Arrays.equals(frame, 28, 32, BRIDGE_IP.toBytes(), 0, 4);
  }

  private static List<byte[]> readFrames(Fd tap) {
    List<byte[]> frames = new ArrayList<>();
    byte[] buffer = new byte[2048];
    while (true) {
      int length;
      try {
        length = LibC.INSTANCE.read(tap.value(), buffer, new NativeLong(buffer.length)).intValue();
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EAGAIN) {
          return frames;
        }
        throw e;
      }
      frames.add(Arrays.copyOf(buffer, length));
    }
  }

  private static boolean onPath(String executable) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
  }

  private static boolean fail(Path log) throws IOException {
    throw new AssertionError("qemu exited early:\n" + Files.readString(log));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
