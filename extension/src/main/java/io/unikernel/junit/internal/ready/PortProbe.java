package io.unikernel.junit.internal.ready;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;

/**
 * {@code PortProbe} checks that an application accepts TCP connections on a port.
 *
 * <p>Through a QEMU user-mode forward an accepted connection proves nothing: QEMU accepts on the
 * host before it knows whether the guest listens, and resets the connection a moment later if it
 * does not. So for forwards the probe also requires that the connection stays open for {@link
 * #FORWARD_HOLD_MILLIS} without being reset or closed. Bridged guests answer the SYN themselves, so
 * an accepted connection is proof enough.
 */
public final class PortProbe {

  /** How long a forwarded connection must survive; QEMU's reset arrives well within it. */
  static final int FORWARD_HOLD_MILLIS = 150;

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final SocketFactory socketFactory;
  private final InetSocketAddress address;
  private final boolean throughForward;

  public PortProbe(SocketFactory socketFactory, InetSocketAddress address, boolean throughForward) {
    this.socketFactory = socketFactory;
    this.address = address;
    this.throughForward = throughForward;
  }

  /**
   * Returns normally when the port answers.
   *
   * @throws IOException saying why not (refused, reset, closed)
   */
  public void check() throws IOException {
    try (Socket socket = socketFactory.createSocket()) {
      socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      if (!throughForward) {
        return;
      }
      socket.setSoTimeout(FORWARD_HOLD_MILLIS);
      InputStream in = socket.getInputStream();
      try {
        if (in.read() < 0) {
          throw new IOException("connection closed by the forwarder (guest not listening yet)");
        }
      } catch (SocketTimeoutException stillOpen) {
        // Open and silent: the guest accepted the connection, as a server that waits for a
        // request does.
      }
    }
  }

  @Override
  public String toString() {
    return "TCP port " + address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
