package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.internal.image.BootParameters;
import io.unikernel.junit.internal.image.GuestKernel;
import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import io.unikernel.junit.testing.LeakCheck;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A raw bootable disk, as {@code ops build} makes them, booted by the QEMU runtime the way ops
 * boots it (virtio-scsi, snapshot=on, isa-debug-exit), bridged, with its address served by DHCP for
 * its MAC. The disk is built here from Debian's syslinux plus the microVM kernel and an initramfs
 * whose init asks for DHCP, so the whole path runs without Nanos.
 */
@Isolated // checks the whole host for leftovers
class DiskImageIT {

  static final String DISK = "target/disk/testguest.img";

  @BeforeAll
  static void buildBootableDisk() throws Exception {
    Path disk = Path.of(DISK);
    Files.createDirectories(disk.getParent());
    Path cache = GuestKernel.defaultCacheDir();
    GuestKernel kernel = GuestKernel.locate(cache);
    Path initramfs =
        new MicroVmImageBuilder(kernel, Path.of("/bin/busybox"), cache)
            .initramfsFor(Path.of("target/guest/testguest"));
    String append =
        BootParameters.none().withArgs(List.of("serve", "8080")).kernelCommandLine()
            + " "
            + BootParameters.DHCP_PARAMETER;
    Path config = disk.resolveSibling("syslinux.cfg");
    Files.writeString(
        config,
        "DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL vmlinuz\n  INITRD initrd.img\n"
            + "  APPEND "
            + append
            + "\n");
    Files.deleteIfExists(disk);
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.setLength(40L << 20);
    }
    run("mkfs.vfat", "-n", "UKDISK", disk.toString());
    run("mcopy", "-i", disk.toString(), kernel.vmlinuz().toString(), "::vmlinuz");
    run("mcopy", "-i", disk.toString(), initramfs.toString(), "::initrd.img");
    run("mcopy", "-i", disk.toString(), config.toString(), "::syslinux.cfg");
    run("syslinux", "--install", disk.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void aBridgedDiskImageGetsItsAddressByDhcpAndIsLeftUntouched() throws Exception {
    String before = sha256(Path.of(DISK));
    LeakCheck leakCheck = LeakCheck.start();

    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(DiskTestCase.class))
            .execute()
            .allEvents();

    assertThat(
            events.failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable()))
        .isEmpty();
    events.assertStatistics(stats -> stats.succeeded(3));

    assertThat(sha256(Path.of(DISK))).isEqualTo(before);
    assertThat(leakCheck.leaks()).isEmpty();
  }

  @UnikernelTest
  static class DiskTestCase {
    @UnikernelInstance(image = DISK, mode = Mode.BRIDGED, port = 8080, ip = "192.168.42.23")
    static Unikernel disk;

    @Test
    void answersAtTheAnnotatedAddressServedByDhcp() throws Exception {
      assertThat(disk.console().lines()).contains("unikernel-init: dhcp address 192.168.42.23");
      assertThat(LifecycleIT.get(disk, "/disk")).isEqualTo("ok GET /disk\n");
    }
  }
}
