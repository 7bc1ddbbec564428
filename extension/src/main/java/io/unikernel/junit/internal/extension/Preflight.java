package io.unikernel.junit.internal.extension;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Preflight} checks what this host needs before anything is made, and says how to fix what
 * is missing.
 */
final class Preflight {

  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private Preflight() {}

  /** Returns why {@code command} cannot run, or empty; {@code install} says how to get it. */
  static Optional<String> executable(String command, String install) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command))
          ? Optional.empty()
          : Optional.of("[" + command + "] is not an executable file");
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return Optional.empty();
      }
    }
    return Optional.of("[" + command + "] not found on PATH: " + install);
  }

  /** Returns why the ops runtime cannot run here, or empty. */
  static Optional<String> ops(String executable) {
    return executable(
            executable,
            "install ops (the Nanos build and run tool; see its documentation) and run it once so"
                + " that it has its kernel, or set unikernel.ops.executable; set"
                + " unikernel.missingRuntime=skip to skip such classes instead")
        .map(problem -> "executable " + problem);
  }

  /** Returns why bridged instances cannot run here, or empty. */
  static Optional<String> bridged() {
    List<String> problems = new ArrayList<>();
    if (!Files.exists(Path.of("/dev/net/tun"))) {
      problems.add("/dev/net/tun is missing (load the tun module: modprobe tun)");
    }
    BigInteger capabilities = effectiveCapabilities();
    List<String> missing = new ArrayList<>();
    if (!capabilities.testBit(CAP_NET_ADMIN)) {
      missing.add("CAP_NET_ADMIN");
    }
    if (!capabilities.testBit(CAP_SYS_ADMIN)) {
      missing.add("CAP_SYS_ADMIN");
    }
    if (!missing.isEmpty()) {
      problems.add(
          "this JVM lacks "
              + String.join(" and ", missing)
              + ", needed to make the class's network namespace, bridge and taps (run the tests"
              + " as root, or set unikernel.missingPrivileges=skip to skip bridged classes)");
    }
    executable("nsenter", "apt-get install util-linux (or run ci/setup)").ifPresent(problems::add);
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static BigInteger effectiveCapabilities() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return new BigInteger(line.substring("CapEff:".length()).trim(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Unknown: report no capabilities, which the message explains.
    }
    return BigInteger.ZERO;
  }
}
