package io.unikernel.junit.internal.image;

import io.unikernel.junit.internal.image.ElfInspector.ElfKind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * {@code MicroVmImageBuilder} turns a static x86-64 Linux program into the initramfs of a microVM
 * image: busybox as {@code /bin/busybox}, the {@code /init} script, the virtio network modules and
 * the program as {@code /app/program}. Booted with the {@link GuestKernel} and a command line from
 * {@link BootParameters}, the guest configures its network, runs the program, prints {@value
 * #STARTING_LINE} and {@code unikernel-init: program exited with status <N>} on the console and
 * powers off.
 *
 * <p>Archives are cached by content: the file name is the SHA-256 of every input (program, busybox,
 * init script, modules, load order and {@link #FORMAT_VERSION}), so the same inputs give the same
 * path, and equal inputs always give byte-identical archives (all timestamps are 0, all owners
 * root). A new archive is written to a temporary file next to its final name and renamed into
 * place, so builders running in parallel, in this JVM or in another, never see a half-written file.
 *
 * <p>Instances are immutable and safe to use from several threads.
 */
public final class MicroVmImageBuilder {

  /** The modules {@code /init} loads; their dependencies are added from the modules' metadata. */
  public static final List<String> MODULES = List.of("virtio_pci", "virtio_net");

  /** Bump when the layout of the archive changes, so that cached archives are rebuilt. */
  static final int FORMAT_VERSION = 2;

  /** The console line {@code /init} prints just before it starts the program. */
  public static final String STARTING_LINE = "unikernel-init: starting /app/program";

  /** The console line {@code /init} prints when the program has exited, before the status. */
  public static final String EXIT_LINE_PREFIX = "unikernel-init: program exited with status ";

  /** What {@code /init} prints when the program listens on the port given as {@code uk.port}. */
  public static final String LISTENING_LINE_PREFIX = "unikernel-init: listening on port ";

  /** The console line {@code /init} prints when no network card showed up. */
  public static final String NO_NETWORK_LINE = "unikernel-init: no network device";

  static final String INIT_RESOURCE = "init.sh";

  // The archive is not compressed: measured with the Go reference server under TCG, the guest
  // kernel reaches the program about 0.3 s sooner from a plain 6.9 MB cpio than from the 3.3 MB
  // gzip of it (decompression is slow on an emulated CPU), and writing it is faster too. The cost
  // is twice the cache space, a few MB per program.

  private static final int MODE_DIR = CpioConstants.C_ISDIR | 0755;
  private static final int MODE_EXECUTABLE = CpioConstants.C_ISREG | 0755;
  private static final int MODE_FILE = CpioConstants.C_ISREG | 0644;
  private static final int MODE_CONSOLE = CpioConstants.C_ISCHR | 0600;
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Duration STALE_AFTER = Duration.ofHours(1);
  private static final List<String> DIRECTORIES =
      List.of("app", "bin", "dev", "etc", "lib", "lib/modules", "proc", "sys", "tmp");

  private final GuestKernel kernel;
  private final Path busybox;
  private final Path cacheDir;

  /**
   * Creates a builder; nothing is read until {@link #initramfsFor(Path)}.
   *
   * @param kernel the kernel whose modules go into the archive
   * @param busybox a static busybox, usually {@code /bin/busybox} from Debian's busybox-static
   * @param cacheDir the cache root; archives go to {@code <cacheDir>/initramfs/<sha256>.cpio}
   */
  public MicroVmImageBuilder(GuestKernel kernel, Path busybox, Path cacheDir) {
    this.kernel = Objects.requireNonNull(kernel, "kernel must not be null");
    this.busybox = Objects.requireNonNull(busybox, "busybox must not be null");
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir must not be null");
  }

  /**
   * Returns the initramfs that runs {@code program}, writing it unless the cache already has it.
   *
   * @param program a statically linked x86-64 Linux executable
   * @return the {@code .cpio} file to pass to {@code qemu -initrd}; never {@code null}
   * @throws IllegalArgumentException if {@code program} or busybox cannot run in the guest
   * @throws IllegalStateException if a kernel module is missing
   * @throws UncheckedIOException if reading the inputs or writing the archive fails
   */
  public Path initramfsFor(Path program) {
    Objects.requireNonNull(program, "program must not be null");
    requireStaticExecutable("program", program);
    requireStaticExecutable("busybox", busybox);
    List<KernelModules.Module> modules = KernelModules.loadOrder(kernel.modulesDir(), MODULES);
    byte[] init = initScript();
    byte[] loadOrder = loadOrder(modules);
    try {
      Path dir = Files.createDirectories(cacheDir.resolve("initramfs"));
      Path target = dir.resolve(hash(program, init, modules, loadOrder) + ".cpio");
      if (Files.isRegularFile(target)) {
        return target;
      }
      sweepStaleTemporaryFiles(dir);
      Path temp = Files.createTempFile(dir, target.getFileName() + ".", TEMP_SUFFIX);
      try {
        write(temp, program, init, modules, loadOrder);
        // createTempFile makes the file private; the cache is as readable as its directory.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        // rename(2) replaces a file another builder may have moved there meanwhile; both hold
        // the same bytes, so the race is harmless.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the initramfs for [" + program + "] into [" + cacheDir + "]", e);
    }
  }

  private static void requireStaticExecutable(String what, Path file) {
    ElfKind kind = ElfInspector.inspect(file);
    String problem =
        switch (kind) {
          case STATIC -> null;
          case NOT_FOUND -> "does not exist";
          case NOT_A_FILE -> "is not a regular file";
          case NOT_ELF -> "is not an ELF executable; the microVM runs Linux x86-64 programs only";
          case NOT_EXECUTABLE ->
              "is an ELF file but not an executable (an object file, library or core dump)";
          case DYNAMIC -> "is dynamically linked; build it statically (Go: CGO_ENABLED=0)";
          case WRONG_ARCH -> "is not an x86-64 executable; build it for linux/amd64";
        };
    if (problem != null) {
      throw new IllegalArgumentException(
          "Cannot put " + what + " [" + file + "] into a microVM image: it " + problem);
    }
  }

  /**
   * Deletes temporary files that a builder in a killed JVM left behind. A file this old is not
   * being written any more: writing one takes well under a second.
   */
  private static void sweepStaleTemporaryFiles(Path dir) throws IOException {
    Instant cutoff = Instant.now().minus(STALE_AFTER);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(temp);
          }
        } catch (NoSuchFileException e) {
          // Another builder swept or renamed it first: that is what we wanted.
        }
      }
    }
  }

  private static byte[] initScript() {
    try (InputStream in = MicroVmImageBuilder.class.getResourceAsStream(INIT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Resource [" + INIT_RESOURCE + "] is missing next to " + MicroVmImageBuilder.class);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource [" + INIT_RESOURCE + "]", e);
    }
  }

  private static byte[] loadOrder(List<KernelModules.Module> modules) {
    return modules.stream()
        .map(module -> fileName(module) + "\n")
        .collect(Collectors.joining())
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String fileName(KernelModules.Module module) {
    return module.name() + ".ko";
  }

  private String hash(
      Path program, byte[] init, List<KernelModules.Module> modules, byte[] loadOrder)
      throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
    // Each part is tagged and length-prefixed, so that no two different inputs hash alike.
    update(digest, "format", Integer.toString(FORMAT_VERSION).getBytes(StandardCharsets.US_ASCII));
    update(digest, "init", init);
    update(digest, "load-order", loadOrder);
    for (KernelModules.Module module : modules) {
      update(digest, "module " + fileName(module), module.file());
    }
    update(digest, "busybox", busybox);
    update(digest, "program", program);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, String tag, byte[] bytes) {
    digest.update((tag + " " + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
  }

  private static void update(MessageDigest digest, String tag, Path file) throws IOException {
    digest.update((tag + " " + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
  }

  private void write(
      Path temp, Path program, byte[] init, List<KernelModules.Module> modules, byte[] loadOrder)
      throws IOException {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        CpioArchiveOutputStream cpio =
            new CpioArchiveOutputStream(
                file, CpioConstants.FORMAT_NEW, CpioConstants.BLOCK_SIZE, "US-ASCII")) {
      Archive archive = new Archive(cpio);
      for (String dir : DIRECTORIES) {
        archive.directory(dir);
      }
      // The kernel opens /dev/console for init before /init can mount devtmpfs.
      archive.characterDevice("dev/console", MODE_CONSOLE, 5, 1);
      archive.file("init", MODE_EXECUTABLE, init);
      archive.file("bin/busybox", MODE_EXECUTABLE, busybox);
      for (KernelModules.Module module : modules) {
        archive.file("lib/modules/" + fileName(module), MODE_FILE, module.file());
      }
      archive.file("lib/modules/load-order", MODE_FILE, loadOrder);
      archive.file("app/program", MODE_EXECUTABLE, program);
      cpio.finish();
    }
  }

  /** Writes entries with fixed owners, times and inode numbers, for reproducible archives. */
  private static final class Archive {
    private final CpioArchiveOutputStream cpio;
    private long inode;

    Archive(CpioArchiveOutputStream cpio) {
      this.cpio = cpio;
    }

    void directory(String name) throws IOException {
      cpio.putArchiveEntry(entry(name, MODE_DIR, 0, 2));
      cpio.closeArchiveEntry();
    }

    void characterDevice(String name, int mode, int major, int minor) throws IOException {
      CpioArchiveEntry entry = entry(name, mode, 0, 1);
      entry.setRemoteDeviceMaj(major);
      entry.setRemoteDeviceMin(minor);
      cpio.putArchiveEntry(entry);
      cpio.closeArchiveEntry();
    }

    void file(String name, int mode, byte[] content) throws IOException {
      cpio.putArchiveEntry(entry(name, mode, content.length, 1));
      cpio.write(content);
      cpio.closeArchiveEntry();
    }

    void file(String name, int mode, Path content) throws IOException {
      long size = Files.size(content);
      cpio.putArchiveEntry(entry(name, mode, size, 1));
      long copied = Files.copy(content, cpio);
      if (copied != size) {
        throw new IOException(
            "["
                + content
                + "] changed size while it was archived ("
                + size
                + " -> "
                + copied
                + ")");
      }
      cpio.closeArchiveEntry();
    }

    private CpioArchiveEntry entry(String name, int mode, long size, int links) {
      CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, size);
      entry.setMode(mode);
      entry.setUID(0);
      entry.setGID(0);
      entry.setTime(0);
      entry.setNumberOfLinks(links);
      // Unique inode numbers keep the kernel's unpacker from taking files for hard links.
      entry.setInode(++inode);
      return entry;
    }
  }
}
