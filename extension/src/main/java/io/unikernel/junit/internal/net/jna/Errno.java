package io.unikernel.junit.internal.net.jna;

/**
 * {@code Errno} holds the {@code errno} values from {@code <errno.h>} (Linux, {@code
 * asm-generic/errno-base.h}) that the network layer tells apart.
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/errno.3.html">errno(3)</a>
 */
public final class Errno {

  /** {@code EPERM}: operation not permitted (a capability is missing). */
  public static final int EPERM = 1;

  /** {@code ENOENT}: no such file or directory. */
  public static final int ENOENT = 2;

  /** {@code ENXIO}: no such device or address; {@code SIOCBRDELBR} on a missing bridge. */
  public static final int ENXIO = 6;

  /** {@code EAGAIN}: try again; a non-blocking read found nothing. */
  public static final int EAGAIN = 11;

  /** {@code EACCES}: permission denied. */
  public static final int EACCES = 13;

  /** {@code EBUSY}: device or resource busy; a tap still attached to another file. */
  public static final int EBUSY = 16;

  /** {@code EEXIST}: file exists; an interface of that name exists already. */
  public static final int EEXIST = 17;

  /** {@code ENODEV}: no such device; no interface of that name. */
  public static final int ENODEV = 19;

  private Errno() {}
}
