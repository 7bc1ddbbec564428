package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.testing.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code stop()} and {@code restart()} against real QEMU: same address, appended console. */
@ExtendWith(LeakCheckExtension.class)
@UnikernelTest
@Isolated // checks the whole host for leftovers
class RestartIT {

  @UnikernelInstance(
      image = "target/guest/testguest",
      port = 8080,
      args = {"serve", "8080"})
  static Unikernel server;

  @Test
  void restartKeepsTheAddressAndAppendsToTheConsole() throws Exception {
    int port = server.port();

    server.stop();
    assertThat(server.isRunning()).isFalse();
    server.restart();

    assertThat(server.isRunning()).isTrue();
    assertThat(server.port()).isEqualTo(port);
    assertThat(LifecycleIT.get(server, "/again")).isEqualTo("ok GET /again\n");
    assertThat(server.console().lines())
        .containsSubsequence(
            "unikernel-init: starting /app/program",
            "[unikernel-junit: restarting server]",
            "unikernel-init: starting /app/program");
  }
}
