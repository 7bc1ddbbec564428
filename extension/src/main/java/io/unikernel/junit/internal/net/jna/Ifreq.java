package io.unikernel.junit.internal.net.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code Ifreq} is {@code struct ifreq} from {@code <net/if.h>}: an interface name followed by a
 * union that holds the request's argument or result.
 *
 * <pre>{@code
 * struct ifreq {
 *   char ifr_name[IFNAMSIZ];            // 16 bytes, NUL-terminated
 *   union {
 *     struct sockaddr ifr_addr;         // 16 bytes; also ifr_netmask, ifr_broadaddr, ...
 *     short           ifr_flags;
 *     int             ifr_ifindex;
 *     struct ifmap    ifr_map;          // 8 + 8 + 2 + 1 + 1 + 1 = 21 bytes, padded to 24
 *     char           *ifr_data;
 *     ...
 *   } ifr_ifru;
 * };
 * }</pre>
 *
 * <p><strong>Size and padding.</strong> The largest union member is {@code struct ifmap}, whose two
 * {@code unsigned long} fields give it 8-byte alignment and pad its 21 bytes to 24, so {@code
 * sizeof(struct ifreq)} is 16 + 24 = 40 on x86_64 (and every other LP64 Linux). The union is
 * modelled here as a plain 24-byte array, {@link #ifr_ifru}, which keeps JNA's layout free of
 * alignment rules (both fields are byte arrays, so JNA inserts no padding) and gives exactly 40
 * bytes; the typed accessors below read and write the union members at offset 0 of that array in
 * native byte order, except the address inside {@code sockaddr_in}, which is in network order. The
 * kernel copies exactly {@code sizeof(struct ifreq)} bytes, so the size must not change.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7)</a>
 */
// Field names are the C names (ifr_name, ifr_ifru) so that the struct reads like the header; JNA
// also uses them to order the fields. That is what the naming checks would complain about.
@SuppressWarnings({"checkstyle:MemberName", "java:S116"})
@FieldOrder({"ifr_name", "ifr_ifru"})
public final class Ifreq extends Structure {

  /** {@code SIZE} is {@code sizeof(struct ifreq)} on 64-bit Linux, {@value}. */
  public static final int SIZE = 40;

  /** {@code UNION_SIZE} is the size of the {@code ifr_ifru} union, {@value}. */
  public static final int UNION_SIZE = 24;

  // struct sockaddr_in: sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr;
  // unsigned char sin_zero[8]. The family is in host order, port and address in network order.
  private static final int SIN_ADDR_OFFSET = 4;

  /** {@code ifr_name} is the interface name, NUL-terminated, at most 15 bytes plus the NUL. */
  public byte[] ifr_name = new byte[If.IFNAMSIZ];

  /** {@code ifr_ifru} is the union; use the typed accessors. */
  public byte[] ifr_ifru = new byte[UNION_SIZE];

  /** Makes a zeroed request block. */
  public Ifreq() {
    super();
  }

  /**
   * Makes a zeroed request block for the interface {@code name}.
   *
   * @param name an interface name of 1-15 ASCII bytes; must not be {@code null}
   * @return the request block; never {@code null}
   * @throws IllegalArgumentException if the name is longer than 15 bytes
   */
  public static Ifreq named(String name) {
    Objects.requireNonNull(name, "name must not be null");
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length >= If.IFNAMSIZ) {
      throw new IllegalArgumentException(
          "interface name \"" + name + "\" is longer than " + (If.IFNAMSIZ - 1) + " bytes");
    }
    Ifreq ifr = new Ifreq();
    System.arraycopy(bytes, 0, ifr.ifr_name, 0, bytes.length);
    return ifr;
  }

  /**
   * Returns {@code ifr_name} up to its NUL.
   *
   * @return the interface name; never {@code null}
   */
  public String name() {
    int length = 0;
    while (length < ifr_name.length && ifr_name[length] != 0) {
      length++;
    }
    return new String(ifr_name, 0, length, StandardCharsets.US_ASCII);
  }

  /**
   * Returns {@code ifr_flags}.
   *
   * @return the flags, as written by {@code SIOCGIFFLAGS}
   */
  public short flags() {
    return union().getShort(0);
  }

  /**
   * Sets {@code ifr_flags}, for {@code SIOCSIFFLAGS} and {@code TUNSETIFF}.
   *
   * @param flags the flags
   * @return this request block
   */
  public Ifreq flags(short flags) {
    union().putShort(0, flags);
    return this;
  }

  /**
   * Returns {@code ifr_ifindex}.
   *
   * @return the index, as written by {@code SIOCGIFINDEX}
   */
  public int ifindex() {
    return union().getInt(0);
  }

  /**
   * Sets {@code ifr_ifindex}, for {@code SIOCBRADDIF} and {@code SIOCBRDELIF}.
   *
   * @param ifindex the interface index
   * @return this request block
   */
  public Ifreq ifindex(int ifindex) {
    union().putInt(0, ifindex);
    return this;
  }

  /**
   * Sets {@code ifr_addr} (same place as {@code ifr_netmask}) to an IPv4 {@code struct sockaddr_in}
   * with port 0, for {@code SIOCSIFADDR} and {@code SIOCSIFNETMASK}.
   *
   * @param address four bytes in network order; must not be {@code null}
   * @return this request block
   */
  public Ifreq addrIn(byte[] address) {
    Objects.requireNonNull(address, "address must not be null");
    if (address.length != 4) {
      throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + address.length);
    }
    ByteBuffer union = union();
    union.put(0, new byte[UNION_SIZE]);
    union.putShort(0, (short) LibC.AF_INET);
    union.put(SIN_ADDR_OFFSET, address);
    return this;
  }

  private ByteBuffer union() {
    return ByteBuffer.wrap(ifr_ifru).order(ByteOrder.nativeOrder());
  }
}
