package io.unikernel.junit.internal.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code QmpClient} speaks just enough of the QEMU Machine Protocol to control a guest: the
 * capabilities handshake and argument-free commands such as {@code quit}, {@code stop} and {@code
 * cont}. Replies are lines of JSON; asynchronous events (lines with {@code "event"}) are skipped.
 */
public final class QmpClient implements AutoCloseable {

  private final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;

  private QmpClient(SocketChannel channel) {
    this.channel = channel;
    this.in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
  }

  /** Connects to QEMU's QMP socket and completes the handshake. */
  public static QmpClient connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      QmpClient client = new QmpClient(channel);
      client.readLine(); // the greeting
      client.execute("qmp_capabilities");
      return client;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Runs {@code command} and returns the reply line.
   *
   * @throws IOException if the connection fails or QEMU answers with an error
   */
  public String execute(String command) throws IOException {
    out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    while (true) {
      String line = readLine();
      if (line.contains("\"return\"")) {
        return line;
      }
      if (line.contains("\"error\"")) {
        throw new IOException("QMP " + command + " failed: " + line);
      }
    }
  }

  /**
   * Runs {@code command} with {@code arguments}, a raw JSON object such as {@code
   * {"name":"n0","up":false}}, and returns the reply line. QEMU replies once the command has taken
   * effect.
   *
   * @throws IOException if the connection fails or QEMU answers with an error
   */
  public String execute(String command, String arguments) throws IOException {
    out.write(
        ("{\"execute\":\"" + command + "\",\"arguments\":" + arguments + "}\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return awaitReply(command + " " + arguments);
  }

  private String awaitReply(String what) throws IOException {
    while (true) {
      String line = readLine();
      if (line.contains("\"return\"")) {
        return line;
      }
      if (line.contains("\"error\"")) {
        throw new IOException("QMP " + what + " failed: " + line);
      }
    }
  }

  private String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("QMP connection closed");
    }
    return line;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
