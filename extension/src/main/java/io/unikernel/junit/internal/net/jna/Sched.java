package io.unikernel.junit.internal.net.jna;

/**
 * {@code Sched} holds the namespace flags from {@code <sched.h>} ({@code linux/sched.h}) that are
 * passed to {@link LibC#unshare(int)}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/unshare.2.html">unshare(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/network_namespaces.7.html">
 *     network_namespaces(7)</a>
 */
public final class Sched {

  /** {@code CLONE_NEWNET}: a new network namespace; needs {@code CAP_SYS_ADMIN}. */
  public static final int CLONE_NEWNET = 0x40000000;

  private Sched() {}
}
