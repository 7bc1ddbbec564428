package io.unikernel.junit.internal.net;

import com.sun.jna.LastErrorException;
import io.unikernel.junit.internal.net.jna.Errno;
import io.unikernel.junit.internal.net.jna.LibC;

/** {@code NativeCalls} turns JNA's {@link LastErrorException} into {@link NativeCallException}. */
final class NativeCalls {

  static final String PRIVILEGE_HINT =
      "needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as root";

  private NativeCalls() {}

  /**
   * Returns the exception for a failed call.
   *
   * @param call the call, its request and its target, such as {@code "ioctl(TUNSETIFF) on
   *     /dev/net/tun for [tap0]"}
   * @param error what JNA reported
   */
  static NativeCallException failure(String call, LastErrorException error) {
    return new NativeCallException(message(call, error.getErrorCode()), error);
  }

  static String message(String call, int errno) {
    StringBuilder message =
        new StringBuilder(call)
            .append(" failed: errno ")
            .append(errno)
            .append(" (")
            .append(strerror(errno))
            .append(')');
    if (errno == Errno.EPERM || errno == Errno.EACCES) {
      message.append("; ").append(PRIVILEGE_HINT);
    }
    return message.toString();
  }

  private static String strerror(int errno) {
    String text = LibC.INSTANCE.strerror(errno);
    return text == null ? "unknown error" : text;
  }
}
