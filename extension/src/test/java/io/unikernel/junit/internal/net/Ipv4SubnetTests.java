package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4SubnetTests {

  private static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  @Test
  void parsesCidrNotation() {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("192.168.42.0/24");

    assertThat(subnet.network()).isEqualTo(ip("192.168.42.0"));
    assertThat(subnet.prefixLength()).isEqualTo(24);
    assertThat(subnet).hasToString("192.168.42.0/24");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.168.42.0",
        "192.168.42.0/",
        "192.168.42/24",
        "192.168.42.0/024",
        "192.168.42.0/+24",
        "192.168.42.0/24/1",
        "192.168.42.0/ 24",
        "/24",
        "192.168.42.0/100"
      })
  void refusesMalformedCidrNotation(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Subnet.parseCidr(text))
        .withMessage(
            "\""
                + text
                + "\" is not an IPv4 subnet (expected an address, a slash and a prefix length"
                + " 1-30, e.g. 192.168.42.0/24)");
  }

  @Test
  void refusesHostBitsAndSuggestsTheNetwork() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Subnet.parseCidr("192.168.42.1/24"))
        .withMessage(
            "\"192.168.42.1/24\" is not a subnet: the host bits of 192.168.42.1 must be zero for"
                + " prefix length 24 (did you mean 192.168.42.0/24?)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/0", "192.168.42.0/31", "192.168.42.1/32"})
  void refusesPrefixLengthsWithoutRoomForGuests(String text) {
    String prefix = text.substring(text.indexOf('/') + 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Subnet.parseCidr(text))
        .withMessage(
            "prefix length ["
                + prefix
                + "] is outside 1-30 (a guest subnet needs a network address, a broadcast"
                + " address and at least two hosts)");
  }

  @Test
  void ofMasksTheHostBits() {
    assertThat(Ipv4Subnet.of(ip("192.168.42.19"), 24)).hasToString("192.168.42.0/24");
    assertThat(Ipv4Subnet.of(ip("10.1.2.3"), 8)).hasToString("10.0.0.0/8");
    assertThat(Ipv4Subnet.of(ip("172.20.5.5"), 12)).hasToString("172.16.0.0/12");
    assertThat(Ipv4Subnet.of(ip("192.168.42.19"), 30)).hasToString("192.168.42.16/30");
  }

  @ParameterizedTest
  @CsvSource({
    "255.255.255.0, 24",
    "255.255.255.252, 30",
    "255.0.0.0, 8",
    "255.240.0.0, 12",
    "0.0.0.0, 0",
    "255.255.255.255, 32",
    "128.0.0.0, 1"
  })
  void convertsNetmasksToPrefixLengths(String netmask, int prefixLength) {
    assertThat(Ipv4Subnet.prefixFromNetmask(netmask)).isEqualTo(prefixLength);
  }

  @ParameterizedTest
  @ValueSource(strings = {"255.0.255.0", "255.255.255.1", "0.255.255.255", "255.255.254.255"})
  void refusesNonContiguousNetmasks(String netmask) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Subnet.prefixFromNetmask(netmask))
        .withMessage(
            "netmask \""
                + netmask
                + "\" is not contiguous (expected ones followed by zeros, e.g. 255.255.255.0)");
  }

  @Test
  void refusesNetmasksThatAreNotAddresses() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Subnet.prefixFromNetmask("255.255.255"))
        .withMessageStartingWith("\"255.255.255\" is not an IPv4 address");
  }

  @ParameterizedTest
  @CsvSource({
    "192.168.42.0/24, 255.255.255.0, 192.168.42.255",
    "10.0.0.0/8, 255.0.0.0, 10.255.255.255",
    "172.16.0.0/12, 255.240.0.0, 172.31.255.255",
    "192.168.42.16/30, 255.255.255.252, 192.168.42.19",
    "128.0.0.0/1, 128.0.0.0, 255.255.255.255"
  })
  void knowsItsNetmaskAndBroadcastAddress(String cidr, String netmask, String broadcast) {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr(cidr);

    assertThat(subnet.netmask()).isEqualTo(ip(netmask));
    assertThat(subnet.broadcast()).isEqualTo(ip(broadcast));
  }

  @Test
  void containsItsOwnAddressesOnly() {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("192.168.42.0/24");

    assertThat(subnet.contains(ip("192.168.42.0"))).isTrue();
    assertThat(subnet.contains(ip("192.168.42.19"))).isTrue();
    assertThat(subnet.contains(ip("192.168.42.255"))).isTrue();
    assertThat(subnet.contains(ip("192.168.43.0"))).isFalse();
    assertThat(subnet.contains(ip("192.168.41.255"))).isFalse();
    assertThat(subnet.contains(ip("10.168.42.19"))).isFalse();
  }

  @Test
  void numbersHostsFromTheNetworkAddress() {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("192.168.42.0/24");

    assertThat(subnet.host(1)).isEqualTo(ip("192.168.42.1"));
    assertThat(subnet.host(19)).isEqualTo(ip("192.168.42.19"));
    assertThat(subnet.host(254)).isEqualTo(ip("192.168.42.254"));
    assertThat(Ipv4Subnet.parseCidr("192.168.0.0/16").host(300)).isEqualTo(ip("192.168.1.44"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 255, 256, -1})
  void refusesHostIndexesOfTheNetworkBroadcastOrOutside(int index) {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("192.168.42.0/24");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> subnet.host(index))
        .withMessage(
            "host index ["
                + index
                + "] is outside 192.168.42.0/24 (expected 1-254; 0 is the network address and"
                + " 255 the broadcast address)");
  }

  @Test
  void hasTwoHostsInASlash30() {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("192.168.42.16/30");

    assertThat(subnet.host(1)).isEqualTo(ip("192.168.42.17"));
    assertThat(subnet.host(2)).isEqualTo(ip("192.168.42.18"));
    assertThatIllegalArgumentException().isThrownBy(() -> subnet.host(3));
  }

  @Test
  void handlesTheHighestHalfOfTheAddressSpace() {
    Ipv4Subnet subnet = Ipv4Subnet.parseCidr("128.0.0.0/1");

    assertThat(subnet.host(Integer.MAX_VALUE - 1)).isEqualTo(ip("255.255.255.254"));
    assertThat(subnet.contains(ip("255.255.255.255"))).isTrue();
    assertThat(subnet.contains(ip("127.255.255.255"))).isFalse();
  }
}
