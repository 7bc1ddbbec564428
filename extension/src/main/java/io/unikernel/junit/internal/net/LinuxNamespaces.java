package io.unikernel.junit.internal.net;

import com.sun.jna.LastErrorException;
import io.unikernel.junit.internal.net.jna.LibC;
import io.unikernel.junit.internal.net.jna.Sched;

/** {@code LinuxNamespaces} moves the calling thread into a new network namespace. */
final class LinuxNamespaces {

  private LinuxNamespaces() {}

  /**
   * Calls {@code unshare(CLONE_NEWNET)}: from now on the <em>calling thread</em> (only it, not the
   * rest of the JVM) lives in a new, empty network namespace whose loopback interface is down.
   *
   * @param label what the namespace is for, named in error messages
   */
  static void unshareNet(String label) {
    try {
      LibC.INSTANCE.unshare(Sched.CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw NativeCalls.failure("unshare(CLONE_NEWNET) for [" + label + "]", e);
    }
  }
}
