package io.unikernel.junit.internal.net;

import io.unikernel.junit.UnikernelException;

/**
 * {@code NativeCallException} reports a failed system call of the network layer.
 *
 * <p>Its message names the call and the request, what it acted on, the {@code errno} value with its
 * {@code strerror} text and, when a privilege is missing, a hint, for example:
 *
 * <pre>
 * ioctl(TUNSETIFF) on /dev/net/tun for [tap0] failed: errno 1 (Operation not permitted); needs
 * CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces): run as root
 * </pre>
 *
 * <p>The cause, when there is one, is JNA's {@link com.sun.jna.LastErrorException}; {@link
 * #errno()} gives the number without parsing the message.
 */
public class NativeCallException extends UnikernelException {

  private static final long serialVersionUID = 1L;

  /**
   * Makes an exception with a message only.
   *
   * @param message the message, built as the class comment describes
   */
  public NativeCallException(String message) {
    super(message);
  }

  /**
   * Makes an exception with a message and the exception that reported the failure.
   *
   * @param message the message, built as the class comment describes
   * @param cause what reported the failure, usually a {@link com.sun.jna.LastErrorException}
   */
  public NativeCallException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns the {@code errno} value of the failed call, taken from the cause.
   *
   * @return the error number, or 0 if the cause is not a {@link com.sun.jna.LastErrorException}
   */
  public int errno() {
    return getCause() instanceof com.sun.jna.LastErrorException
        ? ((com.sun.jna.LastErrorException) getCause()).getErrorCode()
        : 0;
  }
}
