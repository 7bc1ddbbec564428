package io.unikernel.junit;

/**
 * {@code UnikernelException} is the root of the exceptions this library throws.
 *
 * @since 0.1
 */
public class UnikernelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnikernelException(String message) {
    super(message);
  }

  public UnikernelException(String message, Throwable cause) {
    super(message, cause);
  }
}
