package io.unikernel.junit.internal.net;

import java.util.Objects;

/**
 * {@code Ipv4Subnet} is an IPv4 network that guests can live on, such as {@code 192.168.42.0/24}.
 *
 * <p>The prefix length is limited to 1-30: a guest subnet needs a network address, a broadcast
 * address and at least two hosts (the bridge and one guest). The network address must have all host
 * bits clear; {@link #of(Ipv4Address, int)} clears them for callers that start from any address in
 * the subnet.
 *
 * @param network the first address of the subnet, with all host bits clear; never {@code null}
 * @param prefixLength the number of leading one bits in the netmask, 1-30
 */
public record Ipv4Subnet(Ipv4Address network, int prefixLength) {

  /** {@code MIN_PREFIX_LENGTH} is the shortest prefix accepted, {@value}. */
  public static final int MIN_PREFIX_LENGTH = 1;

  /** {@code MAX_PREFIX_LENGTH} is the longest prefix accepted, {@value}: two usable hosts. */
  public static final int MAX_PREFIX_LENGTH = 30;

  /**
   * Checks the prefix length and that {@code network} has no host bits set.
   *
   * @throws IllegalArgumentException if the prefix length is outside 1-30 or host bits are set
   */
  public Ipv4Subnet {
    Objects.requireNonNull(network, "network must not be null");
    checkPrefixLength(prefixLength);
    int mask = mask(prefixLength);
    if ((network.bits() & ~mask) != 0) {
      throw new IllegalArgumentException(
          "\""
              + network
              + "/"
              + prefixLength
              + "\" is not a subnet: the host bits of "
              + network
              + " must be zero for prefix length "
              + prefixLength
              + " (did you mean "
              + new Ipv4Address(network.bits() & mask)
              + "/"
              + prefixLength
              + "?)");
    }
  }

  /**
   * Parses CIDR notation such as {@code 192.168.42.0/24}.
   *
   * @param text the text to parse; must not be {@code null}
   * @return the subnet; never {@code null}
   * @throws IllegalArgumentException if {@code text} is not an address, a slash and a prefix length
   *     1-30, or if the address has host bits set
   */
  public static Ipv4Subnet parseCidr(String text) {
    Objects.requireNonNull(text, "text must not be null");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw notCidr(text, null);
    }
    Ipv4Address address;
    try {
      address = Ipv4Address.parse(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw notCidr(text, e);
    }
    String prefix = text.substring(slash + 1);
    if (prefix.isEmpty()
        || prefix.length() > 2
        || (prefix.length() > 1 && prefix.charAt(0) == '0')
        || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notCidr(text, null);
    }
    return new Ipv4Subnet(address, Integer.parseInt(prefix));
  }

  /**
   * Returns the subnet of the given prefix length that contains {@code address}, for example {@code
   * of(192.168.42.19, 24)} is {@code 192.168.42.0/24}.
   *
   * @param address any address in the subnet; must not be {@code null}
   * @param prefixLength the prefix length, 1-30
   * @return the subnet; never {@code null}
   * @throws IllegalArgumentException if the prefix length is outside 1-30
   */
  public static Ipv4Subnet of(Ipv4Address address, int prefixLength) {
    Objects.requireNonNull(address, "address must not be null");
    checkPrefixLength(prefixLength);
    return new Ipv4Subnet(new Ipv4Address(address.bits() & mask(prefixLength)), prefixLength);
  }

  /**
   * Returns the prefix length of a dotted-quad netmask, for example 24 for {@code 255.255.255.0}.
   *
   * <p>Any contiguous mask is accepted, including {@code 0.0.0.0} (0) and {@code 255.255.255.255}
   * (32); whether the result suits a subnet is checked where a subnet is made.
   *
   * @param netmask the netmask; must not be {@code null}
   * @return the prefix length, 0-32
   * @throws IllegalArgumentException if {@code netmask} is not an address or its one bits are not
   *     contiguous from the left
   */
  public static int prefixFromNetmask(String netmask) {
    Objects.requireNonNull(netmask, "netmask must not be null");
    int bits = Ipv4Address.parse(netmask).bits();
    int hostBits = ~bits;
    // A contiguous mask has host bits of the form 0...01...1, and adding one to that carries
    // through all of them without touching another set bit.
    if ((hostBits & (hostBits + 1)) != 0) {
      throw new IllegalArgumentException(
          "netmask \""
              + netmask
              + "\" is not contiguous (expected ones followed by zeros, e.g. 255.255.255.0)");
    }
    return Integer.bitCount(bits);
  }

  /**
   * Returns the netmask, for example {@code 255.255.255.0} for a {@code /24}.
   *
   * @return the netmask; never {@code null}
   */
  public Ipv4Address netmask() {
    return new Ipv4Address(mask(prefixLength));
  }

  /**
   * Returns the broadcast address, the last address of the subnet.
   *
   * @return the broadcast address; never {@code null}
   */
  public Ipv4Address broadcast() {
    return new Ipv4Address(network.bits() | ~mask(prefixLength));
  }

  /**
   * Tells whether {@code address} lies in this subnet, network and broadcast address included.
   *
   * @param address the address to test; must not be {@code null}
   * @return {@code true} if the address is in the subnet
   */
  public boolean contains(Ipv4Address address) {
    Objects.requireNonNull(address, "address must not be null");
    return (address.bits() & mask(prefixLength)) == network.bits();
  }

  /**
   * Returns the host address at {@code index} counted from the network address, for example {@code
   * host(1)} is {@code 192.168.42.1} in {@code 192.168.42.0/24}.
   *
   * @param index the offset from the network address; 1 up to the number of addresses minus 2
   * @return the host address; never {@code null}
   * @throws IllegalArgumentException if the index would give the network or broadcast address or an
   *     address outside the subnet
   */
  public Ipv4Address host(int index) {
    long lastHost = (1L << (32 - prefixLength)) - 2;
    if (index < 1 || index > lastHost) {
      throw new IllegalArgumentException(
          "host index ["
              + index
              + "] is outside "
              + this
              + " (expected 1-"
              + lastHost
              + "; 0 is the network address and "
              + (lastHost + 1)
              + " the broadcast address)");
    }
    return new Ipv4Address(network.bits() + index);
  }

  /** Returns CIDR notation, for example {@code 192.168.42.0/24}. */
  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static void checkPrefixLength(int prefixLength) {
    if (prefixLength < MIN_PREFIX_LENGTH || prefixLength > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "prefix length ["
              + prefixLength
              + "] is outside "
              + MIN_PREFIX_LENGTH
              + "-"
              + MAX_PREFIX_LENGTH
              + " (a guest subnet needs a network address, a broadcast address and at least two"
              + " hosts)");
    }
  }

  private static IllegalArgumentException notCidr(String text, Throwable cause) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not an IPv4 subnet (expected an address, a slash and a prefix length 1-30,"
            + " e.g. 192.168.42.0/24)",
        cause);
  }
}
