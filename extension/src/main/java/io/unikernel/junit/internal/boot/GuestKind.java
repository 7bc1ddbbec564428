package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GuestKind} is what an instance boots, and so how its console says that it started and how
 * it ended: a program packed into a microVM image, a raw disk image (Nanos, or our own guest on a
 * disk), or whatever {@code ops run} starts.
 */
enum GuestKind {
  PROGRAM(microVmStarted(), microVmExited()),
  DISK(
      Pattern.compile(nanosAddressed().pattern() + "|" + microVmStarted().pattern()),
      microVmExited()),
  // ops prints the guest's exit code itself and always exits 0.
  OPS(nanosAddressed(), Pattern.compile("\\bexit status (\\d+)"));

  private final Pattern started;
  private final Pattern exitStatus;

  GuestKind(Pattern started, Pattern exitStatus) {
    this.started = started;
    this.exitStatus = exitStatus;
  }

  /** The console line after which the guest runs its program. */
  Pattern startedLine() {
    return started;
  }

  /** Returns the program's exit status printed last in {@code lines}, if any. */
  Optional<String> programExitStatus(List<String> lines) {
    String status = null;
    for (String line : lines) {
      Matcher matcher = exitStatus.matcher(line);
      if (matcher.find()) {
        status = matcher.group(1);
      }
    }
    return Optional.ofNullable(status);
  }

  /** Returns the guest's own exit code hidden in QEMU's, if this kind encodes one. */
  Optional<Integer> guestExitCode(int qemuExitCode) {
    // isa-debug-exit, which disks boot with as ops does: QEMU exits with (code << 1) | 1.
    return this == DISK && qemuExitCode > 1 && qemuExitCode % 2 == 1
        ? Optional.of(qemuExitCode >> 1)
        : Optional.empty();
  }

  private static Pattern microVmStarted() {
    return Pattern.compile("^" + Pattern.quote(MicroVmImageBuilder.STARTING_LINE));
  }

  private static Pattern microVmExited() {
    return Pattern.compile(Pattern.quote(MicroVmImageBuilder.EXIT_LINE_PREFIX) + "(\\d+)");
  }

  /** Nanos' one default console line. */
  private static Pattern nanosAddressed() {
    return Pattern.compile("\\ben1: assigned\\b");
  }
}
