package io.unikernel.junit.internal.net;

import io.unikernel.junit.internal.net.jna.IfTun;
import io.unikernel.junit.internal.net.jna.Ifreq;

/**
 * {@code LinuxTaps} creates and deletes persistent tap devices through {@code /dev/net/tun}.
 *
 * <p>A tap is created in the network namespace of the thread that opens {@code /dev/net/tun}, so
 * these methods must run on the namespace's own thread. Taps are made persistent so that QEMU can
 * attach to them later by name ({@code -netdev tap,ifname=...}); QEMU adds {@code IFF_VNET_HDR}
 * itself when it attaches, which the driver allows on an existing tap.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 */
final class LinuxTaps {

  static final String TUN_PATH = "/dev/net/tun";

  static final short TAP_FLAGS = IfTun.IFF_TAP | IfTun.IFF_NO_PI;

  private LinuxTaps() {}

  /**
   * Creates the persistent tap {@code name}, makes it a port of {@code bridge} and brings it up.
   *
   * <p>If a step after the creation fails, the tap is deleted again before the exception leaves.
   *
   * @throws NativeCallException if a step fails; {@code EBUSY} from {@code TUNSETIFF} means an
   *     interface of that name exists already
   */
  static void createOnBridge(String name, String bridge) {
    try (Fd tun = Fd.open(TUN_PATH, 0, name)) {
      // IFF_TUN_EXCL: without it TUNSETIFF silently attaches to an existing tap of that name,
      // and we would later delete a tap we did not make.
      tun.ioctl(
          "TUNSETIFF",
          IfTun.TUNSETIFF,
          Ifreq.named(name).flags((short) (TAP_FLAGS | IfTun.IFF_TUN_EXCL)));
      try {
        tun.ioctl("TUNSETPERSIST", IfTun.TUNSETPERSIST, 1, name);
        try (Fd socket = Fd.controlSocket(name)) {
          LinuxBridges.addPort(socket, bridge, LinuxLinks.requireIndex(socket, name));
          LinuxLinks.setUp(socket, name, true);
        }
      } catch (RuntimeException | Error e) {
        // Not persistent any more, the tap disappears (and leaves the bridge) when the
        // try-with-resources closes our descriptor right after this.
        try {
          tun.ioctl("TUNSETPERSIST", IfTun.TUNSETPERSIST, 0, name);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
  }

  /**
   * Deletes the persistent tap {@code name}: attaches to it, clears its persistence and closes the
   * descriptor, which makes the driver remove it (and take it off its bridge).
   *
   * @return {@code false} if there was no such interface
   * @throws NativeCallException if a step fails; {@code EBUSY} from {@code TUNSETIFF} means another
   *     process (such as a QEMU that is still running) has the tap open
   */
  static boolean delete(String name) {
    try (Fd socket = Fd.controlSocket(name)) {
      if (LinuxLinks.index(socket, name).isEmpty()) {
        // Already gone (ENODEV), which is what deleting wants.
        return false;
      }
    }
    // Should the tap vanish right here, TUNSETIFF makes a fresh non-persistent one, which the
    // close below removes again: the outcome is the same.
    try (Fd tun = Fd.open(TUN_PATH, 0, name)) {
      tun.ioctl("TUNSETIFF", IfTun.TUNSETIFF, Ifreq.named(name).flags(TAP_FLAGS));
      tun.ioctl("TUNSETPERSIST", IfTun.TUNSETPERSIST, 0, name);
    }
    return true;
  }
}
