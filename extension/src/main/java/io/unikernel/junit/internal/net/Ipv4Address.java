package io.unikernel.junit.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * {@code Ipv4Address} is an IPv4 address held as its 32 bits, most significant octet first (so
 * {@code 192.168.42.19} is {@code 0xC0A82A13}).
 *
 * <p>It is a plain value: parsing never touches DNS, and {@link #toInetAddress()} never resolves
 * anything.
 *
 * @param bits the address; every {@code int} is a valid address
 */
public record Ipv4Address(int bits) {

  /**
   * Parses a strict dotted quad such as {@code 192.168.42.19}.
   *
   * <p>Exactly four decimal numbers from 0 to 255 separated by single dots are accepted; signs,
   * empty parts, leading zeros ({@code 01}, which some parsers read as octal), whitespace and
   * shortened forms ({@code 127.1}) are rejected.
   *
   * @param text the text to parse; must not be {@code null}
   * @return the address; never {@code null}
   * @throws IllegalArgumentException if {@code text} is not a dotted quad
   */
  public static Ipv4Address parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    // A limit of -1 keeps trailing empty parts, so "1.2.3.4." has five parts and is refused.
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw notAnAddress(text);
    }
    int bits = 0;
    for (String part : parts) {
      int octet = parseOctet(part);
      if (octet < 0) {
        throw notAnAddress(text);
      }
      bits = bits << 8 | octet;
    }
    return new Ipv4Address(bits);
  }

  /**
   * Returns the address for four octets in network order, for example {@code fromBytes(new byte[]
   * {(byte) 192, (byte) 168, 42, 19})}.
   *
   * @param bytes exactly four bytes; must not be {@code null}
   * @return the address; never {@code null}
   * @throws IllegalArgumentException if {@code bytes} does not hold four bytes
   */
  public static Ipv4Address fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes must not be null");
    if (bytes.length != 4) {
      throw new IllegalArgumentException("an IPv4 address has 4 bytes, not [" + bytes.length + "]");
    }
    return new Ipv4Address(
        (bytes[0] & 0xFF) << 24
            | (bytes[1] & 0xFF) << 16
            | (bytes[2] & 0xFF) << 8
            | bytes[3] & 0xFF);
  }

  /** Returns the value of {@code part}, or -1 if it is not a decimal number 0-255. */
  private static int parseOctet(String part) {
    int length = part.length();
    if (length < 1 || length > 3 || (length > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < length; i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static IllegalArgumentException notAnAddress(String text) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not an IPv4 address (expected four numbers 0-255 separated by dots, e.g."
            + " 192.168.42.19)");
  }

  /**
   * Returns the four octets in network order (most significant first), as {@code struct in_addr}
   * and {@link InetAddress#getByAddress(byte[])} expect them.
   *
   * @return a new array of length 4; never {@code null}
   */
  public byte[] toBytes() {
    return new byte[] {
      (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
    };
  }

  /**
   * Returns this address as an {@link java.net.Inet4Address} without any name lookup.
   *
   * @return the address; never {@code null}
   */
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(toBytes());
    } catch (UnknownHostException e) {
      // getByAddress only throws for a wrong array length, and ours is always 4.
      throw new AssertionError(e);
    }
  }

  /**
   * Tells whether this address lies in one of the RFC 1918 private ranges: {@code 10.0.0.0/8},
   * {@code 172.16.0.0/12} or {@code 192.168.0.0/16}.
   *
   * @return {@code true} for a private address
   */
  public boolean isPrivate() {
    return (bits & 0xFF000000) == 0x0A000000
        || (bits & 0xFFF00000) == 0xAC100000
        || (bits & 0xFFFF0000) == 0xC0A80000;
  }

  /** Returns the dotted quad, for example {@code 192.168.42.19}. */
  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + (bits >>> 16 & 0xFF)
        + "."
        + (bits >>> 8 & 0xFF)
        + "."
        + (bits & 0xFF);
  }
}
