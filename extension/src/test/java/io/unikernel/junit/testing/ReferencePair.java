package io.unikernel.junit.testing;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;

/**
 * The reference pair from ops' networking guide as declarations only (images named as ops names
 * them), for tests of planning and command lines. The client comes first, so that its reference to
 * the server has to reorder the boot.
 */
public final class ReferencePair {
  private ReferencePair() {}

  @UnikernelInstance(
      image = "client",
      mode = Mode.BRIDGED,
      tap = "tap1",
      ip = "192.168.42.20",
      args = "${server.ip}:${server.port}")
  public static Unikernel client;

  @UnikernelInstance(
      image = "server",
      mode = Mode.BRIDGED,
      port = 8081,
      tap = "tap0",
      ip = "192.168.42.19")
  public static Unikernel server;
}
