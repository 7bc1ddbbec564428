package io.unikernel.junit.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QemuCommandTests {

  private static QemuCommand.Builder base() {
    return QemuCommand.newBuilder()
        .name("server")
        .accelerator(new Accelerator("tcg", "test"))
        .memoryMiB(128)
        .boot(Path.of("/k/vmlinuz"), Path.of("/c/initrd.cpio.gz"), "console=ttyS0 uk.ip=1.2.3.4/24")
        .qmpSocket(Path.of("/tmp/run/qmp.sock"));
  }

  @Test
  void bridgedInstancesAttachToTheirTapByName() {
    QemuCommand command = base().tapNetwork("tap0").mac("52:54:00:a8:2a:13").build();

    assertThat(command.argv())
        .containsExactly(
            "qemu-system-x86_64",
            "-name",
            "server",
            "-machine",
            "q35",
            "-accel",
            "tcg",
            "-cpu",
            "max",
            "-m",
            "128M",
            "-smp",
            "1",
            "-nodefaults",
            "-no-user-config",
            "-display",
            "none",
            "-no-reboot",
            "-serial",
            "stdio",
            "-qmp",
            "unix:/tmp/run/qmp.sock,server=on,wait=off",
            "-kernel",
            "/k/vmlinuz",
            "-initrd",
            "/c/initrd.cpio.gz",
            "-append",
            "console=ttyS0 uk.ip=1.2.3.4/24",
            "-netdev",
            "tap,id=n0,ifname=tap0,script=no,downscript=no",
            "-device",
            "virtio-net-pci,netdev=n0,mac=52:54:00:a8:2a:13");
  }

  @Test
  void usermodeForwardsFromLoopbackOnly() {
    QemuCommand command = base().userNetwork(40123, 8081).build();

    assertThat(command.argv())
        .containsSubsequence("-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:40123-:8081")
        .contains("virtio-net-pci,netdev=n0");
  }

  @Test
  void kvmUsesTheHostCpu() {
    QemuCommand command =
        base().accelerator(new Accelerator("kvm", "test")).userNetwork(0, 0).build();

    assertThat(command.argv()).containsSubsequence("-accel", "kvm", "-cpu", "host");
    assertThat(command.argv()).containsSubsequence("-netdev", "user,id=n0");
  }

  @Test
  void toStringIsACopyPasteableShellLine() {
    QemuCommand command = base().userNetwork(40123, 8081).build();

    assertThat(command.toString())
        .startsWith("qemu-system-x86_64 -name server ")
        .contains(" -append 'console=ttyS0 uk.ip=1.2.3.4/24' ");
  }

  @Test
  void aDiskImageBootsAsOpsBootsItWithWritesKeptOutOfTheImage() {
    QemuCommand command =
        QemuCommand.newBuilder()
            .name("nanos")
            .disk(Path.of("/images/server.img"))
            .userNetwork(40123, 8081)
            .build();

    assertThat(command.argv())
        .containsSubsequence(
            "-device", "virtio-scsi-pci,id=scsi0",
            "-drive", "file=/images/server.img,format=raw,if=none,id=hd0,snapshot=on",
            "-device", "scsi-hd,bus=scsi0.0,drive=hd0",
            "-device", "isa-debug-exit")
        .doesNotContain("-kernel", "-initrd", "-append");
  }
}
