package io.unikernel.junit.internal.boot;

import io.unikernel.junit.UnikernelLaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** {@code FreePorts} picks and checks TCP ports on {@code 127.0.0.1} for user-mode forwards. */
final class FreePorts {
  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. QEMU binds it shortly after; if another process wins
   * that race, QEMU fails at once and the boot is tried once more with another port.
   */
  static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /**
   * Checks that a port the user asked for is free.
   *
   * @throws UnikernelLaunchException naming the port and, where it can be found, its holder
   */
  static void requireFree(String instance, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
    } catch (IOException e) {
      String holder = PortOwners.describe(port).map(h -> " by " + h).orElse("");
      throw new UnikernelLaunchException(
          "Instance ["
              + instance
              + "] cannot forward from 127.0.0.1:"
              + port
              + ": the port is taken"
              + holder
              + "; choose another hostPort, or leave it 0 for a free one",
          e);
    }
  }
}
