package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unikernel.junit.internal.image.ElfInspector.ElfKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds archives with {@link MicroVmImageBuilder} around a fake module tree and reads them back
 * with the real GNU {@code cpio}. {@code /bin/busybox} serves as the program: it is static.
 */
class InitramfsBuilderTests {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path cache;
  @TempDir Path work;

  private GuestKernel kernel;
  private MicroVmImageBuilder builder;

  @BeforeEach
  void fakeKernel() throws IOException {
    assumeTrue(
        ElfInspector.inspect(BUSYBOX) == ElfKind.STATIC,
        "needs busybox-static as /bin/busybox (ci/setup installs it)");
    assumeTrue(TestCommands.onPath("cpio"), "needs cpio (ci/setup installs it)");
    Path modules = work.resolve("kernel/modules");
    KernelModulesTests.writeVirtioTree(modules);
    Path vmlinuz = Files.writeString(work.resolve("kernel/vmlinuz"), "not a kernel");
    kernel = GuestKernel.at(vmlinuz, modules);
    builder = new MicroVmImageBuilder(kernel, BUSYBOX, cache);
  }

  @Test
  void archiveListsDirectoriesConsoleInitBusyboxModulesAndProgram() throws Exception {
    Path initramfs = builder.initramfsFor(BUSYBOX);

    assertThat(initramfs.getParent()).isEqualTo(cache.resolve("initramfs"));
    assertThat(initramfs.getFileName().toString()).matches("[0-9a-f]{64}\\.cpio");
    List<String> listing = list(initramfs);
    assertThat(listing)
        .extracting(InitramfsBuilderTests::modeAndName)
        .containsExactly(
            "drwxr-xr-x app",
            "drwxr-xr-x bin",
            "drwxr-xr-x dev",
            "drwxr-xr-x etc",
            "drwxr-xr-x lib",
            "drwxr-xr-x lib/modules",
            "drwxr-xr-x proc",
            "drwxr-xr-x sys",
            "drwxr-xr-x tmp",
            "crw------- dev/console",
            "-rwxr-xr-x init",
            "-rwxr-xr-x bin/busybox",
            "-rw-r--r-- lib/modules/virtio_ring.ko",
            "-rw-r--r-- lib/modules/virtio_pci_modern_dev.ko",
            "-rw-r--r-- lib/modules/virtio_pci_legacy_dev.ko",
            "-rw-r--r-- lib/modules/virtio.ko",
            "-rw-r--r-- lib/modules/virtio_pci.ko",
            "-rw-r--r-- lib/modules/failover.ko",
            "-rw-r--r-- lib/modules/net_failover.ko",
            "-rw-r--r-- lib/modules/virtio_net.ko",
            "-rw-r--r-- lib/modules/load-order",
            "-rwxr-xr-x app/program");
    assertThat(listing)
        .allSatisfy(
            line -> assertThat(line).matches("\\S+\\s+\\d+\\s+0\\s+0\\s.* Jan  1  1970 .*"));
    assertThat(listing)
        .filteredOn(line -> line.endsWith(" dev/console"))
        .singleElement()
        .asString()
        .contains(" 5,   1 ");
  }

  @Test
  void extractedFilesHoldTheInputs() throws Exception {
    Path initramfs = builder.initramfsFor(BUSYBOX);

    Path root = extract(initramfs);

    assertThat(Files.mismatch(root.resolve("app/program"), BUSYBOX)).isEqualTo(-1L);
    assertThat(Files.mismatch(root.resolve("bin/busybox"), BUSYBOX)).isEqualTo(-1L);
    assertThat(root.resolve("init")).hasBinaryContent(initScript());
    assertThat(root.resolve("lib/modules/load-order"))
        .hasContent(
            KernelModulesTests.VIRTIO_LOAD_ORDER.stream()
                .map(name -> name + ".ko\n")
                .collect(Collectors.joining()));
    assertThat(
            Files.mismatch(
                root.resolve("lib/modules/virtio_net.ko"),
                kernel.modulesDir().resolve("drivers/net/virtio_net.ko")))
        .isEqualTo(-1L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("init"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.getLastModifiedTime(root.resolve("app/program")).toMillis()).isZero();
  }

  @Test
  void secondCallReturnsTheCachedArchiveWithoutRewritingIt() throws Exception {
    Path first = builder.initramfsFor(BUSYBOX);
    Object identity = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
    long modified = Files.getLastModifiedTime(first).toMillis();

    Path second = new MicroVmImageBuilder(kernel, BUSYBOX, cache).initramfsFor(BUSYBOX);

    assertThat(second).isEqualTo(first);
    // A rewrite would rename a new file into place, which has a new inode.
    assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey())
        .isEqualTo(identity);
    assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    assertThat(filesIn(cache.resolve("initramfs"))).containsExactly(first.getFileName().toString());
  }

  @Test
  void sameInputsGiveByteIdenticalArchives() throws Exception {
    Path first = builder.initramfsFor(BUSYBOX);

    Path other =
        new MicroVmImageBuilder(kernel, BUSYBOX, work.resolve("other-cache")).initramfsFor(BUSYBOX);

    assertThat(other.getFileName()).isEqualTo(first.getFileName());
    assertThat(Files.mismatch(first, other)).isEqualTo(-1L);
  }

  @Test
  void differentProgramGivesADifferentArchive() throws Exception {
    Path changed = work.resolve("program");
    Files.copy(BUSYBOX, changed);
    Files.write(changed, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

    assertThat(builder.initramfsFor(changed)).isNotEqualTo(builder.initramfsFor(BUSYBOX));
  }

  @Test
  void concurrentBuildersShareOneCompleteArchive() throws Exception {
    int threads = 4;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Path>> builds = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        builds.add(() -> new MicroVmImageBuilder(kernel, BUSYBOX, cache).initramfsFor(BUSYBOX));
      }
      List<Path> results = new ArrayList<>();
      for (Future<Path> result : executor.invokeAll(builds)) {
        results.add(result.get());
      }

      assertThat(results).containsOnly(results.get(0));
      assertThat(filesIn(cache.resolve("initramfs")))
          .containsExactly(results.get(0).getFileName().toString());
      assertThat(list(results.get(0))).hasSize(22);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void temporaryFilesOfKilledBuildersAreSweptButFreshOnesAreKept() throws Exception {
    Path dir = Files.createDirectories(cache.resolve("initramfs"));
    Path stale = Files.createFile(dir.resolve("0123.cpio.42.tmp"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path fresh = Files.createFile(dir.resolve("4567.cpio.43.tmp"));

    builder.initramfsFor(BUSYBOX);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void dynamicProgramIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.initramfsFor(Path.of("/bin/ls")))
        .withMessage(
            "Cannot put program [/bin/ls] into a microVM image:"
                + " it is dynamically linked; build it statically (Go: CGO_ENABLED=0)");
    assertThat(cache.resolve("initramfs")).doesNotExist();
  }

  @Test
  void missingProgramIsRejected() {
    Path missing = work.resolve("server");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.initramfsFor(missing))
        .withMessage(
            "Cannot put program [" + missing + "] into a microVM image: it does not exist");
  }

  @Test
  void scriptAsProgramIsRejected() throws IOException {
    Path script = Files.writeString(work.resolve("server.sh"), "#!/bin/sh\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.initramfsFor(script))
        .withMessage(
            "Cannot put program ["
                + script
                + "] into a microVM image:"
                + " it is not an ELF executable; the microVM runs Linux x86-64 programs only");
  }

  @Test
  void dynamicBusyboxIsRejected() {
    MicroVmImageBuilder withDynamicBusybox =
        new MicroVmImageBuilder(kernel, Path.of("/bin/ls"), cache);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> withDynamicBusybox.initramfsFor(BUSYBOX))
        .withMessage(
            "Cannot put busybox [/bin/ls] into a microVM image:"
                + " it is dynamically linked; build it statically (Go: CGO_ENABLED=0)");
  }

  @Test
  void initScriptIsValidBusyboxShell() throws Exception {
    Path script = Files.write(work.resolve("init"), initScript());

    assertThat(TestCommands.run(work, BUSYBOX.toString(), "sh", "-n", script.toString())).isEmpty();
  }

  private List<String> list(Path initramfs) throws Exception {
    String listing =
        TestCommands.run(
            work, "sh", "-c", "cpio -itv --quiet --numeric-uid-gid < \"$0\"", initramfs.toString());
    return listing.lines().collect(Collectors.toList());
  }

  private Path extract(Path initramfs) throws Exception {
    Path root = Files.createDirectories(work.resolve("root"));
    // dev/console is left out: making a device node needs root, and the listing covers it.
    TestCommands.run(
        root,
        "sh",
        "-c",
        "cpio -idm --quiet --no-absolute-filenames -f dev/console < \"$0\"",
        initramfs.toString());
    return root;
  }

  /** "-rwxr-xr-x 1 0 0 1982256 Jan 1 1970 bin/busybox" becomes "-rwxr-xr-x bin/busybox". */
  private static String modeAndName(String line) {
    String[] fields = line.trim().split("\\s+");
    return fields[0] + " " + fields[fields.length - 1];
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toList());
    }
  }

  private static byte[] initScript() throws IOException {
    try (InputStream in =
        MicroVmImageBuilder.class.getResourceAsStream(MicroVmImageBuilder.INIT_RESOURCE)) {
      return in.readAllBytes();
    }
  }
}
