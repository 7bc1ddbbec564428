package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.Inet4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTests {

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0x00000000",
    "192.168.42.19, 0xC0A82A13",
    "255.255.255.255, 0xFFFFFFFF",
    "10.0.0.1, 0x0A000001",
    "127.0.0.1, 0x7F000001"
  })
  void parsesDottedQuadsIntoBitsAndBack(String text, String hex) {
    Ipv4Address address = Ipv4Address.parse(text);

    assertThat(address.bits()).isEqualTo(Integer.parseUnsignedInt(hex.substring(2), 16));
    assertThat(address).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "256.0.0.1",
        "1.2.3.1000",
        "01.2.3.4",
        "1.2.3.00",
        "+1.2.3.4",
        "-1.2.3.4",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.a",
        "0x1.2.3.4",
        "1,2,3,4",
        "１.2.3.4"
      })
  void refusesAnythingButAStrictDottedQuad(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Address.parse(text))
        .withMessage(
            "\""
                + text
                + "\" is not an IPv4 address (expected four numbers 0-255 separated by dots,"
                + " e.g. 192.168.42.19)");
  }

  @Test
  void refusesNull() {
    assertThatNullPointerException()
        .isThrownBy(() -> Ipv4Address.parse(null))
        .withMessage("text must not be null");
  }

  @Test
  void convertsToBytesInNetworkOrderAndBack() {
    Ipv4Address address = Ipv4Address.parse("192.168.42.19");

    assertThat(address.toBytes()).containsExactly(192 - 256, 168 - 256, 42, 19);
    assertThat(Ipv4Address.fromBytes(address.toBytes())).isEqualTo(address);
  }

  @Test
  void convertsToAnInet4AddressWithoutLookup() {
    var inet = Ipv4Address.parse("192.168.42.19").toInetAddress();

    assertThat(inet).isInstanceOf(Inet4Address.class);
    assertThat(inet.getHostAddress()).isEqualTo("192.168.42.19");
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0, true",
    "10.255.255.255, true",
    "172.16.0.0, true",
    "172.31.255.255, true",
    "192.168.0.0, true",
    "192.168.255.255, true",
    "9.255.255.255, false",
    "11.0.0.0, false",
    "172.15.255.255, false",
    "172.32.0.0, false",
    "192.167.255.255, false",
    "192.169.0.0, false",
    "127.0.0.1, false",
    "8.8.8.8, false"
  })
  void knowsThePrivateRanges(String text, boolean isPrivate) {
    assertThat(Ipv4Address.parse(text).isPrivate()).isEqualTo(isPrivate);
  }
}
