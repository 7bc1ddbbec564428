package io.unikernel.junit.internal.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.unikernel.junit.internal.net.jna.Ifreq;
import io.unikernel.junit.internal.net.jna.LibC;

/**
 * {@code Fd} owns one open file descriptor, closes it exactly once, and issues the ioctls the
 * network layer makes on it.
 *
 * <p>Every descriptor the network layer opens is wrapped in one of these as soon as the call that
 * made it returns, so that a failing later step can never leak it. Its ioctl methods turn JNA's
 * {@link LastErrorException} into a {@link NativeCallException} that names the request, the file
 * and the interface.
 */
final class Fd implements AutoCloseable {

  private final int value;
  private final String target;
  private boolean closed;

  private Fd(int value, String target) {
    this.value = value;
    this.target = target;
  }

  /**
   * Opens {@code path} read-write and close-on-exec.
   *
   * @param extraFlags more {@code O_*} flags, or 0
   * @param subject the interface the file is opened for, named in error messages
   */
  static Fd open(String path, int extraFlags, String subject) {
    try {
      return new Fd(LibC.INSTANCE.open(path, LibC.O_RDWR | LibC.O_CLOEXEC | extraFlags), path);
    } catch (LastErrorException e) {
      throw NativeCalls.failure("open(O_RDWR) on " + path + " for [" + subject + "]", e);
    }
  }

  /**
   * Opens an {@code AF_INET} datagram socket for interface ioctls. The socket belongs to the
   * network namespace of the calling thread, and its ioctls act on that namespace wherever they are
   * issued from.
   *
   * @param subject the interface the socket is opened for, named in error messages
   */
  static Fd controlSocket(String subject) {
    try {
      return new Fd(
          LibC.INSTANCE.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0),
          "socket(AF_INET)");
    } catch (LastErrorException e) {
      throw NativeCalls.failure("socket(AF_INET, SOCK_DGRAM) for [" + subject + "]", e);
    }
  }

  /** {@code ioctl(fd, request, &ifr)}. */
  void ioctl(String requestName, long request, Ifreq ifr) {
    try {
      LibC.INSTANCE.ioctl(value(), new NativeLong(request), ifr);
    } catch (LastErrorException e) {
      throw failure(requestName, ifr.name(), e);
    }
  }

  /** {@code ioctl(fd, request, arg)} for requests that take a number. */
  void ioctl(String requestName, long request, long arg, String subject) {
    try {
      LibC.INSTANCE.ioctl(value(), new NativeLong(request), new NativeLong(arg));
    } catch (LastErrorException e) {
      throw failure(requestName, subject, e);
    }
  }

  /** {@code ioctl(fd, request, name)} for requests that take an interface name. */
  void ioctl(String requestName, long request, String name) {
    try {
      LibC.INSTANCE.ioctl(value(), new NativeLong(request), name);
    } catch (LastErrorException e) {
      throw failure(requestName, name, e);
    }
  }

  int value() {
    if (closed) {
      throw new IllegalStateException(
          "file descriptor [" + value + "] on " + target + " is closed");
    }
    return value;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    // Marked closed before the call: close(2) releases the number even when it reports an
    // error, and retrying could close a descriptor that another thread has opened since.
    closed = true;
    try {
      LibC.INSTANCE.close(value);
    } catch (LastErrorException e) {
      throw NativeCalls.failure("close() on " + target, e);
    }
  }

  private NativeCallException failure(String requestName, String subject, LastErrorException e) {
    return NativeCalls.failure(
        "ioctl(" + requestName + ") on " + target + " for [" + subject + "]", e);
  }
}
