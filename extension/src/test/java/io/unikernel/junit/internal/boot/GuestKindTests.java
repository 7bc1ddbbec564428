package io.unikernel.junit.internal.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestKindTests {

  @Test
  void diskGuestsDecodeIsaDebugExit() {
    assertThat(GuestKind.DISK.guestExitCode(7)).contains(3);
    assertThat(GuestKind.DISK.guestExitCode(255)).contains(127); // Nanos: halt, panic or OOM
    assertThat(GuestKind.DISK.guestExitCode(0)).isEmpty(); // plain power-off
    assertThat(GuestKind.PROGRAM.guestExitCode(7)).isEmpty();
  }

  @Test
  void eachKindKnowsItsStartAndExitLines() {
    assertThat(
            GuestKind.PROGRAM.startedLine().matcher("unikernel-init: starting /app/program").find())
        .isTrue();
    assertThat(GuestKind.OPS.startedLine().matcher("[0.123] en1: assigned 10.0.2.15").find())
        .isTrue();
    assertThat(GuestKind.DISK.startedLine().matcher("[0.123] en1: assigned 10.0.2.15").find())
        .isTrue();
    assertThat(
            GuestKind.PROGRAM.programExitStatus(
                List.of("x", "unikernel-init: program exited with status 2")))
        .contains("2");
    assertThat(GuestKind.OPS.programExitStatus(List.of("exit status 1", "exit status 3")))
        .contains("3");
  }
}
