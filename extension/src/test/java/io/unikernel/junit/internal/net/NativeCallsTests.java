package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

class NativeCallsTests {

  @Test
  void namesCallTargetErrnoAndStrerrorAndHintsAtPrivilegesForEperm() {
    LastErrorException error = new LastErrorException(1);

    NativeCallException failure =
        NativeCalls.failure("ioctl(TUNSETIFF) on /dev/net/tun for [tap0]", error);

    assertThat(failure)
        .hasMessage(
            "ioctl(TUNSETIFF) on /dev/net/tun for [tap0] failed: errno 1 (Operation not"
                + " permitted); needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as"
                + " root")
        .hasCause(error);
    assertThat(failure.errno()).isEqualTo(1);
  }

  @Test
  void hintsAtPrivilegesForEacces() {
    assertThat(NativeCalls.message("open(O_RDWR) on /dev/net/tun for [tap0]", 13))
        .isEqualTo(
            "open(O_RDWR) on /dev/net/tun for [tap0] failed: errno 13 (Permission denied);"
                + " needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as root");
  }

  @Test
  void givesNoHintForOtherErrors() {
    assertThat(NativeCalls.message("ioctl(SIOCBRADDIF) on socket(AF_INET) for [br0]", 19))
        .isEqualTo(
            "ioctl(SIOCBRADDIF) on socket(AF_INET) for [br0] failed: errno 19 (No such device)");
  }

  @Test
  void reportsNoErrnoWithoutAJnaCause() {
    assertThat(new NativeCallException("message").errno()).isZero();
  }
}
