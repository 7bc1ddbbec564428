package io.unikernel.junit;

import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.SocketFactory;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * {@code Unikernel} is a running instance booted by the extension, intended for users: inject it
 * with {@link UnikernelInstance @UnikernelInstance}.
 *
 * <p>Addresses are the ones the test can reach: in {@link Mode#BRIDGED} mode the guest's own IP and
 * port on the class's bridge (reachable only through {@link #http()} and {@link #socketFactory()},
 * because the bridge lives in the class's network namespace); in {@link Mode#USERMODE} mode {@code
 * 127.0.0.1} and the forwarded port.
 *
 * @since 0.1
 */
public interface Unikernel {

  /** Returns the instance's name: the annotation's {@code name}, or the field name. */
  String name();

  /** Returns how the instance is networked. */
  Mode mode();

  /** Returns the IP at which the test reaches the instance, e.g. {@code 192.168.42.19}. */
  String ip();

  /**
   * Returns the port at which the test reaches the instance's annotated {@code port}: the guest
   * port when bridged, the forwarded loopback port in usermode; {@code 0} if none was declared.
   */
  int port();

  /** Returns {@link #ip()} and {@link #port()} as an (already resolved) socket address. */
  InetSocketAddress address();

  /** Returns {@code http://ip:port} plus {@code path}. */
  HttpUrl url(String path);

  /** Returns {@link #url(String)} as a {@link URI}. */
  URI uri(String path);

  /**
   * Returns an OkHttp client that reaches this instance whatever its mode; share it, it is cheap.
   */
  OkHttpClient http();

  /**
   * Returns a socket factory whose sockets reach this instance (they are created inside the class's
   * network namespace when bridged).
   */
  SocketFactory socketFactory();

  /** Returns the instance's captured serial console. */
  Console console();

  /** Returns whether the instance's VM process is running. */
  boolean isRunning();

  /** Stops the instance; idempotent. */
  void stop();

  /**
   * Stops the instance if it runs and boots it again with the same name, MAC, tap and IP, then
   * waits until it is ready.
   */
  void restart();

  /**
   * Returns the link of the instance's network card, to take it {@link Link#down() down} and {@link
   * Link#up() up} again.
   *
   * @since 0.2
   */
  Link link();

  /**
   * Freezes the guest (QMP {@code stop}): its CPU stops, its network card and console keep their
   * state; returns once the guest is paused. Idempotent.
   *
   * @throws IllegalStateException if the instance is not running
   * @since 0.2
   */
  void pause();

  /**
   * Lets a {@link #pause() paused} guest run on (QMP {@code cont}); returns once it runs.
   * Idempotent.
   *
   * @throws IllegalStateException if the instance is not running
   * @since 0.2
   */
  void resume();

  /**
   * Kills the instance abruptly, as a crash would: SIGKILL to QEMU, no shutdown. Returns once the
   * process is gone; {@link #restart()} boots it again. Idempotent.
   *
   * @since 0.2
   */
  void kill();

  /**
   * Returns the network impairment of this instance: latency, loss, rate and partitions.
   *
   * @throws UnsupportedOperationException if the instance is not {@link Mode#BRIDGED}
   * @since 0.2
   */
  Impairment network();
}
