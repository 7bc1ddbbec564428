package io.unikernel.junit.internal.net;

import io.unikernel.junit.internal.net.jna.Errno;
import io.unikernel.junit.internal.net.jna.If;
import io.unikernel.junit.internal.net.jna.Ifreq;
import io.unikernel.junit.internal.net.jna.Sockios;
import java.util.OptionalInt;

/**
 * {@code LinuxLinks} reads and changes network interfaces with the classic {@code SIOC*} ioctls.
 *
 * <p>Every method acts on the network namespace of the control socket it is given, which is the
 * namespace of the thread that opened it.
 */
final class LinuxLinks {

  private LinuxLinks() {}

  /** Returns the index of the interface {@code name}, or nothing if there is no such interface. */
  static OptionalInt index(Fd socket, String name) {
    Ifreq ifr = Ifreq.named(name);
    try {
      socket.ioctl("SIOCGIFINDEX", Sockios.SIOCGIFINDEX, ifr);
    } catch (NativeCallException e) {
      if (e.errno() == Errno.ENODEV) {
        return OptionalInt.empty();
      }
      throw e;
    }
    return OptionalInt.of(ifr.ifindex());
  }

  /** Returns the index of the interface {@code name}, which must exist. */
  static int requireIndex(Fd socket, String name) {
    Ifreq ifr = Ifreq.named(name);
    socket.ioctl("SIOCGIFINDEX", Sockios.SIOCGIFINDEX, ifr);
    return ifr.ifindex();
  }

  /** Sets or clears {@code IFF_UP} on the interface {@code name}, keeping its other flags. */
  static void setUp(Fd socket, String name, boolean up) {
    Ifreq ifr = Ifreq.named(name);
    socket.ioctl("SIOCGIFFLAGS", Sockios.SIOCGIFFLAGS, ifr);
    short flags = ifr.flags();
    ifr.flags((short) (up ? flags | If.IFF_UP : flags & ~If.IFF_UP));
    socket.ioctl("SIOCSIFFLAGS", Sockios.SIOCSIFFLAGS, ifr);
  }

  /** Gives the interface {@code name} an IPv4 address and netmask; {@code socket} is AF_INET. */
  static void setIpv4(Fd socket, String name, Ipv4Address address, Ipv4Address netmask) {
    // The address goes first: SIOCSIFADDR creates the address with its classful mask, and
    // SIOCSIFNETMASK then changes the mask (and the broadcast address with it) of that address.
    socket.ioctl("SIOCSIFADDR", Sockios.SIOCSIFADDR, Ifreq.named(name).addrIn(address.toBytes()));
    socket.ioctl(
        "SIOCSIFNETMASK", Sockios.SIOCSIFNETMASK, Ifreq.named(name).addrIn(netmask.toBytes()));
  }
}
