package io.unikernel.junit.internal.net.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class IfreqTests {

  @Test
  void hasTheSizeOfStructIfreqOn64BitLinux() {
    assertThat(new Ifreq().size()).isEqualTo(Ifreq.SIZE).isEqualTo(40);
  }

  @Test
  void putsTheNameAtOffsetZeroAndTheUnionAtOffsetSixteen() {
    Ifreq ifr = Ifreq.named("tap0").flags((short) (IfTun.IFF_TAP | IfTun.IFF_NO_PI));
    ifr.write();
    Pointer memory = ifr.getPointer();

    assertThat(memory.getByteArray(0, 5)).containsExactly('t', 'a', 'p', '0', 0);
    assertThat(memory.getShort(16)).isEqualTo((short) 0x1002);
  }

  @Test
  void readsBackWhatTheKernelWritesIntoTheUnion() {
    Ifreq ifr = Ifreq.named("br0");
    ifr.write();
    ifr.getPointer().setInt(16, 42);
    ifr.read();

    assertThat(ifr.ifindex()).isEqualTo(42);
    assertThat(ifr.name()).isEqualTo("br0");
  }

  @Test
  void writesAnIpv4SockaddrInWithTheAddressInNetworkOrder() {
    Ifreq ifr = Ifreq.named("br0").addrIn(new byte[] {(byte) 192, (byte) 168, 42, 1});
    ifr.write();
    Pointer memory = ifr.getPointer();

    assertThat(memory.getShort(16)).isEqualTo((short) LibC.AF_INET);
    assertThat(memory.getShort(18)).isZero();
    assertThat(memory.getByteArray(20, 4)).containsExactly(192 - 256, 168 - 256, 42, 1);
    assertThat(memory.getByteArray(24, 16)).containsOnly(0);
  }

  @Test
  void refusesNamesThatDoNotFitIfnamsiz() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ifreq.named("0123456789abcdef"))
        .withMessage("interface name \"0123456789abcdef\" is longer than 15 bytes");
  }
}
