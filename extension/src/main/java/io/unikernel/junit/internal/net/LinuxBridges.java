package io.unikernel.junit.internal.net;

import io.unikernel.junit.internal.net.jna.Errno;
import io.unikernel.junit.internal.net.jna.Ifreq;
import io.unikernel.junit.internal.net.jna.Sockios;

/**
 * {@code LinuxBridges} creates, fills and deletes Linux bridges with the {@code SIOCBR*} ioctls of
 * the bridge driver.
 *
 * <p>Every method acts on the network namespace of the control socket it is given. A new bridge has
 * STP off; with STP off the kernel puts a port into the forwarding state as soon as the port has a
 * carrier, without waiting for the forward delay, so no delay needs to be set.
 */
final class LinuxBridges {

  private LinuxBridges() {}

  /** Creates the bridge {@code name}; it starts down and without ports. */
  static void create(Fd socket, String name) {
    socket.ioctl("SIOCBRADDBR", Sockios.SIOCBRADDBR, name);
  }

  /** Adds the interface with index {@code portIndex} to the bridge {@code bridge} as a port. */
  static void addPort(Fd socket, String bridge, int portIndex) {
    socket.ioctl("SIOCBRADDIF", Sockios.SIOCBRADDIF, Ifreq.named(bridge).ifindex(portIndex));
  }

  /**
   * Takes the bridge {@code name} down and deletes it; its ports are released, not deleted.
   *
   * @return {@code false} if there was no such bridge
   */
  static boolean delete(Fd socket, String name) {
    if (LinuxLinks.index(socket, name).isEmpty()) {
      // Already gone, which is what deleting wants.
      return false;
    }
    // The bridge driver refuses to delete a bridge that is up (EBUSY).
    LinuxLinks.setUp(socket, name, false);
    try {
      socket.ioctl("SIOCBRDELBR", Sockios.SIOCBRDELBR, name);
    } catch (NativeCallException e) {
      if (e.errno() == Errno.ENXIO) {
        // Gone between the two calls: still what deleting wants.
        return false;
      }
      throw e;
    }
    return true;
  }
}
