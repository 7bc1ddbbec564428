package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.image.GuestKernel;
import io.unikernel.junit.internal.image.MicroVmImageBuilder;
import io.unikernel.junit.internal.plan.NetworkSettings;
import io.unikernel.junit.internal.runtime.Accelerator;
import java.nio.file.Path;

/**
 * {@code BootEnvironment} is what every boot of a run shares: the QEMU binary and accelerator, the
 * guest image builder, where logs go, and the bridge settings.
 *
 * @param logsDir the directory of one test class's console logs
 */
public record BootEnvironment(
    String qemuExecutable,
    Accelerator accelerator,
    GuestKernel kernel,
    MicroVmImageBuilder images,
    Path logsDir,
    NetworkSettings network,
    OpsSettings ops) {

  /**
   * {@code OpsSettings} says how to run {@code ops}.
   *
   * @param home {@code OPS_HOME} to give ops, or {@code null} for its default
   */
  public record OpsSettings(String executable, Path home) {}

  /** Returns the same environment with logs in {@code logsDir}. */
  public BootEnvironment withLogsDir(Path logsDir) {
    return new BootEnvironment(qemuExecutable, accelerator, kernel, images, logsDir, network, ops);
  }
}
