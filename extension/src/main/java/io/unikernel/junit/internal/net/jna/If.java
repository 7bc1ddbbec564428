package io.unikernel.junit.internal.net.jna;

/**
 * {@code If} holds the interface constants from {@code <net/if.h>} ({@code linux/if.h}).
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7)</a>
 */
public final class If {

  /** {@code IFNAMSIZ}: the size of an interface name buffer, NUL included; names have 15 bytes. */
  public static final int IFNAMSIZ = 16;

  /** {@code IFF_UP}: the interface is administratively up. */
  public static final short IFF_UP = 0x1;

  private If() {}
}
