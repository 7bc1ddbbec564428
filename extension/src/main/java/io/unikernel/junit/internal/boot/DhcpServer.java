package io.unikernel.junit.internal.boot;

import io.unikernel.junit.UnikernelEnvironmentException;
import io.unikernel.junit.internal.net.Ipv4Address;
import io.unikernel.junit.internal.plan.NetworkSettings;
import io.unikernel.junit.internal.runtime.ConsoleCapture;
import io.unikernel.junit.internal.runtime.QemuVm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code DhcpServer} is dnsmasq on a class's bridge, inside its namespace, handing each disk-image
 * instance the address it was annotated with, by its MAC. Guests whose image holds a static address
 * simply never ask. dnsmasq watches its hosts directory, so instances booted later are served
 * without a restart.
 */
final class DhcpServer implements AutoCloseable {

  private final Path dir;
  private final QemuVm process;

  private DhcpServer(Path dir, QemuVm process) {
    this.dir = dir;
    this.process = process;
  }

  static DhcpServer start(NetworkSettings settings, List<String> namespacePrefix) {
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              StaleRunReaper.RUN_DIR_PREFIX + ProcessHandle.current().pid() + "-");
      Files.createDirectory(dir.resolve("hosts"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dnsmasq's directory", e);
    }
    List<String> argv =
        List.of(
            "dnsmasq",
            "--keep-in-foreground",
            "--log-facility=-",
            "--conf-file=/dev/null",
            "--port=0", // DHCP only, no DNS
            "--interface=" + settings.bridgeName(),
            "--bind-interfaces",
            "--dhcp-range="
                + settings.subnet().network()
                + ",static,"
                + settings.subnet().netmask(),
            "--dhcp-hostsdir=" + dir.resolve("hosts"),
            "--dhcp-leasefile=" + dir.resolve("leases"),
            "--pid-file=" + dir.resolve("dnsmasq.pid"),
            "--user=root");
    ConsoleCapture log = new ConsoleCapture("dnsmasq", dir.resolve("dnsmasq.log"));
    try {
      return new DhcpServer(dir, QemuVm.startTool(argv, namespacePrefix, log));
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UnikernelEnvironmentException(
          "Cannot start dnsmasq for DHCP on the class's bridge: "
              + e.getMessage()
              + "; apt-get install dnsmasq-base (or run ci/setup)",
          e);
    }
  }

  /** Serves {@code ip} to the NIC with {@code mac} from now on. */
  void serve(String mac, Ipv4Address ip) {
    try {
      Files.writeString(dir.resolve("hosts").resolve(mac.replace(':', '-')), mac + "," + ip + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dnsmasq host entry", e);
    }
  }

  @Override
  public void close() {
    try {
      process.stop(Duration.ofSeconds(2));
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      StaleRunReaper.deleteRecursively(dir);
    } catch (IOException e) {
      // Left for the reaper of the next run, which recognises the prefix.
    }
  }
}
