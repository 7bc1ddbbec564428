package io.unikernel.junit.internal.net.jna;

/**
 * {@code Sockios} holds the socket-level interface ioctl requests from {@code <linux/sockios.h>}.
 *
 * <p>All of them take an {@link Ifreq}, except {@code SIOCBRADDBR} and {@code SIOCBRDELBR}, which
 * take a bare bridge name. They act on the network namespace of the socket they are issued on,
 * which is the namespace of the thread that created the socket. The address requests need an {@code
 * AF_INET} socket.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7)</a>
 */
public final class Sockios {

  /** {@code SIOCGIFFLAGS}: read {@code ifr_flags}. */
  public static final long SIOCGIFFLAGS = 0x8913;

  /** {@code SIOCSIFFLAGS}: write {@code ifr_flags}; needs {@code CAP_NET_ADMIN}. */
  public static final long SIOCSIFFLAGS = 0x8914;

  /** {@code SIOCSIFADDR}: set the IPv4 address from {@code ifr_addr}. */
  public static final long SIOCSIFADDR = 0x8916;

  /** {@code SIOCSIFNETMASK}: set the IPv4 netmask from {@code ifr_netmask}. */
  public static final long SIOCSIFNETMASK = 0x891c;

  /** {@code SIOCGIFINDEX}: read {@code ifr_ifindex}. */
  public static final long SIOCGIFINDEX = 0x8933;

  /** {@code SIOCBRADDBR}: create a bridge; the argument is its name. */
  public static final long SIOCBRADDBR = 0x89a0;

  /** {@code SIOCBRDELBR}: delete a bridge, which must be down; the argument is its name. */
  public static final long SIOCBRDELBR = 0x89a1;

  /** {@code SIOCBRADDIF}: add the port {@code ifr_ifindex} to the bridge {@code ifr_name}. */
  public static final long SIOCBRADDIF = 0x89a2;

  /** {@code SIOCBRDELIF}: remove the port {@code ifr_ifindex} from the bridge {@code ifr_name}. */
  public static final long SIOCBRDELIF = 0x89a3;

  private Sockios() {}
}
