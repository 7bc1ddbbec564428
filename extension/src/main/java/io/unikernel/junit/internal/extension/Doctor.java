package io.unikernel.junit.internal.extension;

import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.boot.BootEnvironment;
import io.unikernel.junit.internal.image.ElfInspector;
import io.unikernel.junit.internal.runtime.Accelerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code Doctor} prints what this host can run and why not, for humans: {@code ci/doctor}. It reads
 * the same {@code unikernel.*} settings as the extension, from system properties.
 */
public final class Doctor {
  private Doctor() {}

  public static void main(String[] args) {
    int status = examine(System.out);
    System.exit(status);
  }

  /** Prints the report; returns 0 if at least usermode instances can run, else 1. */
  static int examine(PrintStream out) {
    Configuration configuration =
        new Configuration(key -> Optional.ofNullable(System.getProperty(key)));
    out.println("unikernel-junit doctor");
    String qemu = System.getProperty(UnikernelInstance.QEMU, "qemu-system-x86_64");
    line(
        out,
        "qemu",
        Preflight.executable(qemu, "apt-get install qemu-system-x86 (or run ci/setup)"),
        qemu);
    line(
        out,
        "setpriv",
        Preflight.executable("setpriv", "apt-get install util-linux (or run ci/setup)"),
        "parent-death signal for QEMU");
    Accelerator accelerator =
        Accelerator.choose(System.getProperty(UnikernelInstance.ACCEL, "auto"));
    out.printf("  %-22s %s (%s)%n", "accelerator", accelerator.name(), accelerator.reason());
    String busybox = System.getProperty(UnikernelInstance.BUSYBOX, "/bin/busybox");
    ElfInspector.ElfKind kind = ElfInspector.inspect(Path.of(busybox));
    line(
        out,
        "busybox (guest init)",
        kind == ElfInspector.ElfKind.STATIC
            ? Optional.empty()
            : Optional.of(busybox + " is " + kind + "; apt-get install busybox-static"),
        busybox + " is static");
    String usermode;
    try {
      BootEnvironment environment = configuration.environment();
      line(out, "guest kernel", Optional.empty(), environment.kernel().vmlinuz().toString());
      usermode = null;
    } catch (RuntimeException e) {
      usermode = e.getMessage();
      line(out, "guest kernel / tools", Optional.of(usermode), "");
    }
    line(
        out,
        "ops (runtime = ops)",
        Preflight.ops(configuration.opsExecutable()),
        configuration.opsExecutable());
    Optional<String> bridged = Preflight.bridged();
    line(out, "bridged networking", bridged, "/dev/net/tun, CAP_NET_ADMIN, CAP_SYS_ADMIN, nsenter");
    out.println();
    out.println("USERMODE instances: " + (usermode == null ? "can run" : "cannot run"));
    out.println(
        "BRIDGED instances:  "
            + (usermode == null && bridged.isEmpty() ? "can run" : "cannot run"));
    return usermode == null ? 0 : 1;
  }

  private static void line(PrintStream out, String what, Optional<String> problem, String ok) {
    out.printf("  %-22s %s%n", what, problem.map(p -> "MISSING: " + p).orElse("ok   " + ok));
  }
}
