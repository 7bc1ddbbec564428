package io.unikernel.junit.internal.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * {@code NamespaceSocketFactory} makes sockets that belong to a network namespace.
 *
 * <p>A socket belongs to the network namespace of the thread that creates its file descriptor, and
 * stays there whichever thread uses it later. {@code new Socket()} creates the descriptor lazily,
 * on the first call that needs it, so each socket is made on the namespace thread and its
 * descriptor forced into existence there by reading an option. Connecting (and, for the overloads
 * that take an address, resolving the host name) then happens on the calling thread.
 */
final class NamespaceSocketFactory extends SocketFactory {

  private final NetNamespace namespace;

  NamespaceSocketFactory(NetNamespace namespace) {
    this.namespace = namespace;
  }

  @Override
  public Socket createSocket() throws IOException {
    try {
      return namespace.call(NamespaceSocketFactory::socketWithDescriptor);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof InterruptedException) {
        InterruptedIOException interrupted = new InterruptedIOException(e.getMessage());
        interrupted.initCause(e);
        throw interrupted;
      }
      // A closed namespace is to a client what an unreachable network is: an I/O failure.
      SocketException failure = new SocketException(e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /** Runs on the namespace thread. */
  private static Socket socketWithDescriptor() throws IOException {
    Socket socket = new Socket();
    try {
      // Any option access makes java.net.Socket create its descriptor, here and now; without
      // it the descriptor would be made by connect(), on the caller's thread and namespace.
      socket.getTcpNoDelay();
      return socket;
    } catch (IOException e) {
      throw closedAfter(socket, e);
    } catch (RuntimeException e) {
      throw closedAfter(socket, e);
    }
  }

  /** Closes a socket whose set-up failed; returns {@code failure} with any close error attached. */
  private static <E extends Exception> E closedAfter(Socket socket, E failure) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      failure.addSuppressed(suppressed);
    }
    return failure;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      throw closedAfter(socket, e);
    } catch (RuntimeException e) {
      throw closedAfter(socket, e);
    }
  }

  @Override
  public String toString() {
    return "NamespaceSocketFactory[" + namespace.label() + "]";
  }
}
