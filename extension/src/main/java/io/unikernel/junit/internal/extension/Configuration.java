package io.unikernel.junit.internal.extension;

import io.unikernel.junit.UnikernelEnvironmentException;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.boot.BootEnvironment;
import io.unikernel.junit.internal.boot.StaleRunReaper;
import io.unikernel.junit.internal.image.GuestKernel;
import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import io.unikernel.junit.internal.net.InterfaceNames;
import io.unikernel.junit.internal.plan.NetworkSettings;
import io.unikernel.junit.internal.runtime.Accelerator;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * {@code Configuration} is the run's settings, read once from JUnit configuration parameters (keys
 * on {@link UnikernelInstance}) and kept in the root store. The parts that touch the host (kernel,
 * accelerator) are resolved only when a class actually boots something.
 */
final class Configuration {

  private static final System.Logger LOG = System.getLogger(Configuration.class.getName());

  private final Function<String, Optional<String>> parameters;
  private final NetworkSettings network;
  private final int defaultMemoryMiB;
  private final Path logsDir;
  private final String defaultRuntime;
  private BootEnvironment environment;

  Configuration(Function<String, Optional<String>> parameters) {
    this.parameters = parameters;
    String bridgeName = value(UnikernelInstance.BRIDGE_NAME, UnikernelInstance.BRIDGE_NAME_DEFAULT);
    String bridgeCidr = value(UnikernelInstance.BRIDGE_CIDR, UnikernelInstance.BRIDGE_CIDR_DEFAULT);
    InterfaceNames.problem(bridgeName)
        .ifPresent(
            problem -> {
              throw new ExtensionConfigurationException(
                  "Configuration parameter "
                      + UnikernelInstance.BRIDGE_NAME
                      + " = \""
                      + bridgeName
                      + "\": "
                      + problem
                      + "; "
                      + InterfaceNames.HINT);
            });
    try {
      this.network = NetworkSettings.of(bridgeName, bridgeCidr);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "Configuration parameter " + UnikernelInstance.BRIDGE_CIDR + ": " + e.getMessage(), e);
    }
    String memory = value(UnikernelInstance.MEMORY, "128");
    try {
      this.defaultMemoryMiB = Integer.parseInt(memory);
    } catch (NumberFormatException e) {
      throw new ExtensionConfigurationException(
          "Configuration parameter "
              + UnikernelInstance.MEMORY
              + " = \""
              + memory
              + "\" is not a number of MiB",
          e);
    }
    this.logsDir = Path.of(value(UnikernelInstance.LOGS_DIR, "target/unikernel"));
    this.defaultRuntime = value(UnikernelInstance.RUNTIME, "qemu");
    if (!defaultRuntime.equals("qemu") && !defaultRuntime.equals("ops")) {
      throw new ExtensionConfigurationException(
          "Configuration parameter "
              + UnikernelInstance.RUNTIME
              + " = \""
              + defaultRuntime
              + "\" is not one of qemu, ops");
    }
    requireOneOf(UnikernelInstance.ISOLATION, "netns", "netns");
  }

  /** Refuses values of {@code key} this version does not implement, naming the ones it does. */
  private void requireOneOf(String key, String defaultValue, String supported) {
    String setting = value(key, defaultValue);
    if (!setting.equals(supported)) {
      throw new ExtensionConfigurationException(
          "Configuration parameter "
              + key
              + " = \""
              + setting
              + "\" is not supported; this version supports only \""
              + supported
              + "\"");
    }
  }

  NetworkSettings network() {
    return network;
  }

  int defaultMemoryMiB() {
    return defaultMemoryMiB;
  }

  String defaultRuntime() {
    return defaultRuntime;
  }

  Path logsDir() {
    return logsDir;
  }

  /**
   * Returns the boot environment, checking the host the first time.
   *
   * @throws UnikernelEnvironmentException if QEMU, the kernel or busybox is missing
   */
  synchronized BootEnvironment environment() {
    if (environment == null) {
      // Once per run, before this run makes anything of its own.
      StaleRunReaper.forThisHost().sweep();
      String qemu = value(UnikernelInstance.QEMU, "qemu-system-x86_64");
      require(
          Preflight.executable(qemu, "apt-get install qemu-system-x86 (or run ci/setup)"),
          ", or set " + UnikernelInstance.QEMU + " to its path");
      require(Preflight.executable("setpriv", "apt-get install util-linux (or run ci/setup)"), "");
      Accelerator accelerator;
      try {
        accelerator = Accelerator.choose(value(UnikernelInstance.ACCEL, "auto"));
      } catch (IllegalArgumentException e) {
        throw new ExtensionConfigurationException(
            "Configuration parameter " + UnikernelInstance.ACCEL + ": " + e.getMessage(), e);
      }
      LOG.log(
          Level.INFO,
          () -> "unikernel accelerator: " + accelerator.name() + " (" + accelerator.reason() + ")");
      Path cacheDir =
          parameters
              .apply(UnikernelInstance.CACHE_DIR)
              .map(Path::of)
              .orElseGet(GuestKernel::defaultCacheDir);
      GuestKernel kernel = kernel(cacheDir);
      Path busybox = Path.of(value(UnikernelInstance.BUSYBOX, "/bin/busybox"));
      if (!Files.isRegularFile(busybox)) {
        throw new UnikernelEnvironmentException(
            "Guest init ["
                + busybox
                + "] not found: install busybox-static (or run ci/setup),"
                + " or set "
                + UnikernelInstance.BUSYBOX);
      }
      environment =
          new BootEnvironment(
              qemu,
              accelerator,
              kernel,
              new MicroVmImageBuilder(kernel, busybox, cacheDir),
              logsDir,
              network,
              new BootEnvironment.OpsSettings(
                  opsExecutable(),
                  parameters.apply(UnikernelInstance.OPS_HOME).map(Path::of).orElse(null)));
    }
    return environment;
  }

  private GuestKernel kernel(Path cacheDir) {
    Optional<String> vmlinuz = parameters.apply(UnikernelInstance.KERNEL);
    try {
      if (vmlinuz.isPresent()) {
        Path modules =
            Path.of(
                parameters
                    .apply(UnikernelInstance.KERNEL_MODULES)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                UnikernelInstance.KERNEL
                                    + " is set, so "
                                    + UnikernelInstance.KERNEL_MODULES
                                    + " must be too")));
        return GuestKernel.at(Path.of(vmlinuz.get()), modules);
      }
      return GuestKernel.locate(cacheDir);
    } catch (RuntimeException e) {
      throw new UnikernelEnvironmentException("Guest kernel unavailable: " + e.getMessage(), e);
    }
  }

  private static void require(Optional<String> problem, String alternative) {
    if (problem.isPresent()) {
      throw new UnikernelEnvironmentException(
          "This host cannot boot instances: executable " + problem.get() + alternative);
    }
  }

  String opsExecutable() {
    return value(UnikernelInstance.OPS_EXECUTABLE, "ops");
  }

  /** Returns whether classes with ops instances are skipped, not failed, without ops. */
  boolean skipWithoutRuntime() {
    return skipOrFail(UnikernelInstance.MISSING_RUNTIME);
  }

  /** Returns whether bridged classes should be skipped, not failed, on a host that lacks rights. */
  boolean skipWithoutPrivileges() {
    return skipOrFail(UnikernelInstance.MISSING_PRIVILEGES);
  }

  private boolean skipOrFail(String key) {
    String setting = value(key, "fail");
    switch (setting) {
      case "skip":
        return true;
      case "fail":
        return false;
      default:
        throw new ExtensionConfigurationException(
            "Configuration parameter " + key + " = \"" + setting + "\" is not one of fail, skip");
    }
  }

  private String value(String key, String defaultValue) {
    return parameters.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(defaultValue);
  }
}
