package io.unikernel.junit.internal.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code QemuCommand} is the argv that boots one microVM guest: a Linux kernel and initramfs, one
 * virtio NIC, the serial console on stdio and a QMP unix socket. Build it with {@link
 * #newBuilder()}.
 *
 * @param kernel the kernel to boot directly, or {@code null} when booting {@code disk}
 * @param disk a raw disk image to boot from (through its boot loader), or {@code null}
 * @param netdev the value of {@code -netdev}, with id {@code n0}
 * @param mac the NIC's MAC, or {@code null} for QEMU's default
 */
public record QemuCommand(
    String executable,
    String name,
    Accelerator accelerator,
    int memoryMiB,
    Path kernel,
    Path initrd,
    String append,
    Path disk,
    Path qmpSocket,
    String netdev,
    String mac) {

  public QemuCommand {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(accelerator, "accelerator");
    if ((kernel == null) == (disk == null)) {
      throw new IllegalArgumentException("boot either a kernel or a disk image");
    }
    Objects.requireNonNull(netdev, "netdev: choose user or tap networking");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns the argv, starting with the executable. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(executable);
    argv.addAll(List.of("-name", name));
    argv.addAll(List.of("-machine", "q35", "-accel", accelerator.name()));
    argv.addAll(List.of("-cpu", accelerator.isKvm() ? "host" : "max"));
    argv.addAll(List.of("-m", memoryMiB + "M", "-smp", "1"));
    // No default devices, no user config, no display: the guest needs only a console and a NIC.
    argv.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
    argv.addAll(List.of("-serial", "stdio"));
    if (qmpSocket != null) {
      argv.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
    }
    if (disk != null) {
      // As ops boots its images: BIOS, virtio-scsi, and isa-debug-exit for Nanos' exit codes.
      // snapshot=on keeps every write in a temporary overlay, so parallel runs share one image.
      argv.addAll(List.of("-device", "virtio-scsi-pci,id=scsi0"));
      argv.addAll(List.of("-drive", "file=" + disk + ",format=raw,if=none,id=hd0,snapshot=on"));
      argv.addAll(List.of("-device", "scsi-hd,bus=scsi0.0,drive=hd0"));
      argv.addAll(List.of("-device", "isa-debug-exit"));
    } else {
      argv.addAll(List.of("-kernel", kernel.toString(), "-initrd", initrd.toString()));
      argv.addAll(List.of("-append", append));
    }
    argv.addAll(List.of("-netdev", netdev));
    argv.addAll(
        List.of("-device", "virtio-net-pci,netdev=n0" + (mac == null ? "" : ",mac=" + mac)));
    return List.copyOf(argv);
  }

  /** Returns a copy-pasteable shell command line. */
  @Override
  public String toString() {
    return ShellWords.join(argv());
  }

  /** {@code Builder} collects a command's parts; bare property names, as OkHttp's builders. */
  public static final class Builder {
    private String executable = "qemu-system-x86_64";
    private String name = "guest";
    private Accelerator accelerator = new Accelerator("tcg", "default");
    private int memoryMiB = 256;
    private Path kernel;
    private Path initrd;
    private String append = "";
    private Path disk;
    private Path qmpSocket;
    private String netdev;
    private String mac;

    private Builder() {}

    public Builder executable(String executable) {
      this.executable = executable;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder accelerator(Accelerator accelerator) {
      this.accelerator = accelerator;
      return this;
    }

    public Builder memoryMiB(int memoryMiB) {
      this.memoryMiB = memoryMiB;
      return this;
    }

    public Builder boot(Path kernel, Path initrd, String append) {
      this.kernel = kernel;
      this.initrd = initrd;
      this.append = append;
      return this;
    }

    /** Boots a raw disk image instead of a kernel. */
    public Builder disk(Path disk) {
      this.disk = disk;
      return this;
    }

    public Builder qmpSocket(Path qmpSocket) {
      this.qmpSocket = qmpSocket;
      return this;
    }

    /**
     * User networking with {@code guestPort} forwarded from {@code 127.0.0.1:hostPort} only (QEMU's
     * default would bind every interface); {@code guestPort} 0 forwards nothing.
     */
    public Builder userNetwork(int hostPort, int guestPort) {
      this.netdev =
          guestPort == 0
              ? "user,id=n0"
              : "user,id=n0,hostfwd=tcp:127.0.0.1:" + hostPort + "-:" + guestPort;
      return this;
    }

    /** A tap that already exists (made by the extension), so QEMU runs no scripts. */
    public Builder tapNetwork(String tap) {
      this.netdev = "tap,id=n0,ifname=" + tap + ",script=no,downscript=no";
      return this;
    }

    public Builder mac(String mac) {
      this.mac = mac;
      return this;
    }

    public QemuCommand build() {
      return new QemuCommand(
          executable,
          name,
          accelerator,
          memoryMiB,
          kernel,
          initrd,
          append,
          disk,
          qmpSocket,
          netdev,
          mac);
    }
  }
}
