package io.unikernel.junit.internal.net.jna;

/**
 * {@code IfTun} holds the tun/tap driver constants from {@code <linux/if_tun.h>}.
 *
 * <p>A tap is made by opening {@code /dev/net/tun} and calling {@code TUNSETIFF} with an {@link
 * Ifreq} that names it; it belongs to the network namespace of the thread that opened the file. It
 * lives as long as that file is open, or until {@code TUNSETPERSIST 0} if made persistent.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 */
public final class IfTun {

  /** {@code TUNSETIFF = _IOW('T', 202, int)}: create or attach to a tun/tap by name. */
  public static final long TUNSETIFF = 0x400454caL;

  /** {@code TUNSETPERSIST = _IOW('T', 203, int)}: 1 keeps the device after close, 0 does not. */
  public static final long TUNSETPERSIST = 0x400454cbL;

  /** {@code IFF_TUN}: a layer 3 device. */
  public static final short IFF_TUN = 0x0001;

  /** {@code IFF_TAP}: a layer 2 (Ethernet) device. */
  public static final short IFF_TAP = 0x0002;

  /** {@code IFF_NO_PI}: frames carry no extra packet-information header. */
  public static final short IFF_NO_PI = 0x1000;

  /** {@code IFF_VNET_HDR}: frames carry a virtio-net header; QEMU sets it itself on attach. */
  public static final short IFF_VNET_HDR = 0x4000;

  /** {@code IFF_TUN_EXCL}: fail with {@code EBUSY} instead of attaching to an existing device. */
  public static final short IFF_TUN_EXCL = (short) 0x8000;

  private IfTun() {}
}
