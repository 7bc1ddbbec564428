package io.unikernel.junit.internal.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** {@code FreePorts} finds a currently free TCP port on {@code 127.0.0.1}. */
final class FreePorts {
  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. QEMU binds it shortly after; if another process wins
   * the race, QEMU fails to start and says so on its console.
   */
  static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
