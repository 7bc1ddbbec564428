package io.unikernel.junit;

/**
 * {@code UnikernelEnvironmentException} reports that this host cannot run what a test class asks
 * for (no QEMU, no guest kernel, no privileges for bridged networking). Its message says how to fix
 * the host.
 *
 * @since 0.1
 */
public class UnikernelEnvironmentException extends UnikernelException {
  private static final long serialVersionUID = 1L;

  public UnikernelEnvironmentException(String message) {
    super(message);
  }

  public UnikernelEnvironmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
