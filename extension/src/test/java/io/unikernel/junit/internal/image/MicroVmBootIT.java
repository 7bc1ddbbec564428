package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unikernel.junit.internal.image.ElfInspector.ElfKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Boots real microVM images under QEMU with TCG and user-mode networking; the only host port is a
 * forward on 127.0.0.1. Skipped when {@code ci/setup} has not run (no kernel in the cache, no QEMU,
 * no Go).
 */
@Tag("qemu")
@Isolated // checks the whole host for leftovers
class MicroVmBootIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final int GUEST_PORT = 8081;

  // The JDK client rather than OkHttp: the okhttp 5 artifact in the build is the Kotlin
  // multiplatform stub without classes (Maven needs okhttp-jvm), which is not this layer's to fix.
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(500))
          .build();

  // Connecting to a user-mode forward succeeds at once whatever the guest does; a request sent
  // before the server listens waits for QEMU's TCP retransmission, so keep requests short.
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

  @TempDir Path work;

  private GuestKernel kernel;
  private MicroVmImageBuilder builder;
  private Process qemu;
  private Path console;

  @BeforeEach
  void requireCiSetup() {
    try {
      kernel = GuestKernel.locate(GuestKernel.defaultCacheDir());
    } catch (IllegalStateException e) {
      assumeTrue(false, e.getMessage());
    }
    assumeTrue(TestCommands.onPath("qemu-system-x86_64"), "needs qemu-system-x86_64 (ci/setup)");
    assumeTrue(TestCommands.onPath("go"), "needs go (ci/setup)");
    assumeTrue(ElfInspector.inspect(BUSYBOX) == ElfKind.STATIC, "needs busybox-static (ci/setup)");
    // The archive cache is per test, so that nothing outlives it.
    builder = new MicroVmImageBuilder(kernel, BUSYBOX, work.resolve("cache"));
    console = work.resolve("console.log");
  }

  @AfterEach
  void stopQemu() throws InterruptedException {
    if (qemu != null) {
      qemu.destroy();
      if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
        qemu.destroyForcibly().waitFor();
      }
    }
    // Leak check: nothing this JVM started may survive a test.
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("processes left behind by the test")
        .isEmpty();
  }

  @Test
  void serverAnswersHttpThroughAUserModeForward() throws Exception {
    Path server = goBuild(repositoryRoot().resolve("examples/src/main/go/server"), "server");
    Path initramfs = builder.initramfsFor(server);
    BootParameters parameters =
        BootParameters.none()
            .withAddress("10.0.2.15", 24)
            .withGateway("10.0.2.2")
            .withArgs(List.of("-port", Integer.toString(GUEST_PORT)))
            .withEnv(List.of("GREETING=x"));
    int hostPort = freeLoopbackPort();

    long started = System.nanoTime();
    qemu =
        boot(
            initramfs,
            parameters,
            "-netdev",
            "user,id=n0,hostfwd=tcp:127.0.0.1:" + hostPort + "-:" + GUEST_PORT,
            "-device",
            "virtio-net-pci,netdev=n0");
    String url = "http://127.0.0.1:" + hostPort + "/hello";
    try {
      await("microVM answers " + url)
          .atMost(Duration.ofSeconds(60))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("qemu exited", () -> !qemu.isAlive())
          .until(() -> get(url), "hello test 2\n"::equals);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError("microVM did not answer; console:\n" + console(), e);
    }
    Duration bootToHttp = Duration.ofNanos(System.nanoTime() - started);

    System.out.printf(
        "microVM boot-to-HTTP under TCG: %d ms (initramfs %d bytes)%n",
        bootToHttp.toMillis(), Files.size(initramfs));
    assertThat(console()).contains(MicroVmImageBuilder.STARTING_LINE + "\n");
  }

  @Test
  void initReportsTheExitStatusAndQemuExits() throws Exception {
    Path program =
        goBuild(
            goSource(
                "package main\n"
                    + "\n"
                    + "import (\n"
                    + "\t\"fmt\"\n"
                    + "\t\"os\"\n"
                    + ")\n"
                    + "\n"
                    + "func main() {\n"
                    + "\tfmt.Printf(\"args=%q\\n\", os.Args[1:])\n"
                    + "\tfmt.Printf(\"GREETING=%q EMPTY=%q\\n\", os.Getenv(\"GREETING\"),"
                    + " os.Getenv(\"EMPTY\"))\n"
                    + "\tos.Exit(3)\n"
                    + "}\n"),
            "exit3");
    BootParameters parameters =
        BootParameters.none()
            .withArgs(List.of("a b", "", "it's \"quoted\" $HOME *"))
            .withEnv(List.of("GREETING=hello world", "EMPTY="));

    // No network card: init reports that and goes on.
    qemu = boot(builder.initramfsFor(program), parameters);

    assertThat(qemu.waitFor(30, TimeUnit.SECONDS)).as("qemu exits by itself").isTrue();
    assertThat(console())
        .contains(MicroVmImageBuilder.NO_NETWORK_LINE + "\n")
        .contains(MicroVmImageBuilder.STARTING_LINE + "\n")
        .contains("args=[\"a b\" \"\" \"it's \\\"quoted\\\" $HOME *\"]\n")
        .contains("GREETING=\"hello world\" EMPTY=\"\"\n")
        .contains(MicroVmImageBuilder.EXIT_LINE_PREFIX + "3\n");
  }

  private Process boot(Path initramfs, BootParameters parameters, String... network)
      throws IOException {
    List<String> argv = new ArrayList<>();
    if (TestCommands.onPath("setpriv")) {
      // QEMU dies with this JVM even if the test run is killed before @AfterEach.
      argv.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    }
    argv.addAll(
        List.of(
            "qemu-system-x86_64",
            "-M",
            "q35",
            "-accel",
            "tcg",
            "-cpu",
            "max",
            "-m",
            "256",
            "-nodefaults",
            "-no-user-config",
            "-display",
            "none",
            "-serial",
            "stdio",
            "-no-reboot",
            "-kernel",
            kernel.vmlinuz().toString(),
            "-initrd",
            initramfs.toString(),
            "-append",
            parameters.kernelCommandLine()));
    argv.addAll(List.of(network));
    return new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(console.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
  }

  private String console() {
    try {
      // The guest's output is not guaranteed to be UTF-8; decode leniently.
      String text = new String(Files.readAllBytes(console), StandardCharsets.UTF_8);
      return text.replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private Path goSource(String mainGo) throws IOException {
    Path dir = Files.createDirectories(work.resolve("go-src"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/exit3\n\ngo 1.19\n");
    Files.writeString(dir.resolve("main.go"), mainGo);
    return dir;
  }

  private Path goBuild(Path sourceDir, String name) throws Exception {
    Path output = work.resolve(name);
    TestCommands.run(
        sourceDir,
        Map.of("CGO_ENABLED", "0", "GOFLAGS", "-mod=mod"),
        Duration.ofMinutes(3),
        List.of("go", "build", "-trimpath", "-ldflags=-s -w", "-o", output.toString(), "."));
    return output;
  }

  private static Path repositoryRoot() {
    // Failsafe runs in the extension module's directory.
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("examples/src/main/go/server/main.go")).exists();
    return root;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
