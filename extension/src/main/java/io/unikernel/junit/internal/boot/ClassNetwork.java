package io.unikernel.junit.internal.boot;

import io.unikernel.junit.internal.net.Ipv4Address;
import io.unikernel.junit.internal.net.NetNamespace;
import io.unikernel.junit.internal.plan.NetworkSettings;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;

/**
 * {@code ClassNetwork} is one test class's bridged network: a network namespace of its own with the
 * bridge and the instances' taps. Because everything lives in that namespace, classes running at
 * the same time may use the same tap names and addresses, and the host's network is never touched.
 * Closing it removes the taps and bridge and ends the namespace.
 */
public final class ClassNetwork implements AutoCloseable {

  private final NetNamespace namespace;
  private final NetworkSettings settings;
  private final Duration setUpTime;
  private volatile Duration tearDownTime;
  private DhcpServer dhcp;

  private ClassNetwork(NetNamespace namespace, NetworkSettings settings, Duration setUpTime) {
    this.namespace = namespace;
    this.settings = settings;
    this.setUpTime = setUpTime;
  }

  /** Makes the namespace and its bridge; on failure nothing is left behind. */
  public static ClassNetwork create(String label, NetworkSettings settings) {
    long started = System.nanoTime();
    NetNamespace namespace = NetNamespace.create(label);
    try {
      namespace.addBridge(
          settings.bridgeName(), settings.bridgeAddress(), settings.subnet().prefixLength());
      return new ClassNetwork(namespace, settings, Duration.ofNanos(System.nanoTime() - started));
    } catch (RuntimeException e) {
      try {
        namespace.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public NetworkSettings settings() {
    return settings;
  }

  /** Makes {@code tap} and attaches it to the bridge. */
  public void addTap(String tap) {
    namespace.addTap(tap, settings.bridgeName());
  }

  /** Removes {@code tap}; a tap that is already gone counts as removed. */
  public void removeTap(String tap) {
    namespace.deleteTap(tap);
  }

  /** Serves {@code ip} by DHCP to the NIC with {@code mac}, starting dnsmasq on first use. */
  public synchronized void serveDhcp(String mac, Ipv4Address ip) {
    if (dhcp == null) {
      dhcp = DhcpServer.start(settings, namespace.commandPrefix());
    }
    dhcp.serve(mac, ip);
  }

  /** Returns the command prefix that runs a process inside the namespace. */
  public List<String> commandPrefix() {
    return namespace.commandPrefix();
  }

  // Fully qualified and kept beside its accessor: this addition needs no import or field lines.
  private io.unikernel.junit.internal.net.BridgePartitions partitions;

  /** Returns the partitions between taps of this network, made on first use. */
  public synchronized io.unikernel.junit.internal.net.BridgePartitions partitions() {
    if (partitions == null) {
      partitions =
          new io.unikernel.junit.internal.net.BridgePartitions(
              argv -> io.unikernel.junit.internal.net.NamespaceCommands.run(commandPrefix(), argv));
    }
    return partitions;
  }

  /** Returns a factory of sockets that live in the namespace and so reach the bridge. */
  public SocketFactory socketFactory() {
    return namespace.socketFactory();
  }

  /** How long making the namespace and the bridge took (see {@link BootTimings}). */
  public Duration setUpTime() {
    return setUpTime;
  }

  /** How long {@link #close()} took; {@code null} until it ran. */
  public Duration tearDownTime() {
    return tearDownTime;
  }

  @Override
  public synchronized void close() {
    long started = System.nanoTime();
    try (ResourceStack stack = new ResourceStack()) {
      stack.push(namespace);
      if (dhcp != null) {
        stack.push(dhcp);
      }
    } finally {
      tearDownTime = Duration.ofNanos(System.nanoTime() - started);
    }
  }
}
