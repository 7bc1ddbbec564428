package io.unikernel.junit;

/**
 * {@code UnikernelLaunchException} reports that an instance failed to boot, exited early or did not
 * become ready in time. Its message names the instance and carries the tail of its console.
 *
 * @since 0.1
 */
public class UnikernelLaunchException extends UnikernelException {
  private static final long serialVersionUID = 1L;

  public UnikernelLaunchException(String message) {
    super(message);
  }

  public UnikernelLaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
