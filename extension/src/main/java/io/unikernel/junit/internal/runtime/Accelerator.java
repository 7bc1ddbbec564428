package io.unikernel.junit.internal.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code Accelerator} is QEMU's accelerator for this host, with the reason it was chosen.
 *
 * <p>KVM is used only when {@code /dev/kvm} opens read-write <em>and</em> the CPU flags show {@code
 * vmx} or {@code svm}: in nested VMs the device file is often present while the CPU cannot run
 * guests, and QEMU then hangs silently instead of failing.
 *
 * @param name {@code kvm} or {@code tcg}
 */
public record Accelerator(String name, String reason) {

  private static final Pattern VIRTUALISATION_FLAG = Pattern.compile("\\b(vmx|svm)\\b");

  public boolean isKvm() {
    return name.equals("kvm");
  }

  /**
   * Chooses the accelerator for {@code setting} ({@code auto}, {@code kvm} or {@code tcg}).
   *
   * @throws IllegalArgumentException for another setting
   */
  public static Accelerator choose(String setting, Path kvmDevice, Path cpuinfo) {
    switch (setting.toLowerCase(Locale.ROOT)) {
      case "tcg":
        return new Accelerator("tcg", "configured");
      case "kvm":
        return new Accelerator("kvm", "configured");
      case "auto":
        return detect(kvmDevice, cpuinfo);
      default:
        throw new IllegalArgumentException(
            "accelerator \"" + setting + "\" is not one of auto, kvm, tcg");
    }
  }

  /** Chooses for this host's {@code /dev/kvm} and {@code /proc/cpuinfo}. */
  public static Accelerator choose(String setting) {
    return choose(setting, Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
  }

  private static Accelerator detect(Path kvmDevice, Path cpuinfo) {
    if (!Files.exists(kvmDevice)) {
      return new Accelerator("tcg", kvmDevice + " does not exist");
    }
    try (RandomAccessFile ignored = new RandomAccessFile(kvmDevice.toFile(), "rw")) {
      // Opening is the permission check QEMU would make; nothing is read.
    } catch (IOException e) {
      return new Accelerator("tcg", kvmDevice + " cannot be opened read-write: " + e.getMessage());
    }
    boolean hasFlag;
    try {
      hasFlag = VIRTUALISATION_FLAG.matcher(Files.readString(cpuinfo)).find();
    } catch (IOException e) {
      return new Accelerator("tcg", cpuinfo + " unreadable: " + e.getMessage());
    }
    if (!hasFlag) {
      return new Accelerator(
          "tcg",
          kvmDevice
              + " is present but the CPU flags show no vmx/svm (nested virtualisation?);"
              + " KVM guests would hang");
    }
    return new Accelerator("kvm", kvmDevice + " usable and CPU has vmx/svm");
  }
}
