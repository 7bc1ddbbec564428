package io.unikernel.junit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code LeakCheck} lists what a test run may have left behind on this host: child processes of
 * this JVM (QEMU), tun/tap devices in the host's namespace that were not there before, threads of
 * this JVM inside another network namespace (which keep that namespace alive), and the extension's
 * temporary directories.
 */
public final class LeakCheck {

  private final Set<String> tapsBefore;

  private LeakCheck(Set<String> tapsBefore) {
    this.tapsBefore = tapsBefore;
  }

  /** Remembers the taps that exist now, so that only new ones count as leaks. */
  public static LeakCheck start() {
    return new LeakCheck(hostTaps());
  }

  /** Returns the leaks found, one line each; empty if none. */
  public List<String> leaks() {
    List<String> leaks = new ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .forEach(
            p ->
                leaks.add(
                    "child process "
                        + p.pid()
                        + " still running: "
                        + p.info().commandLine().orElse("?")));
    Set<String> newTaps = new TreeSet<>(hostTaps());
    newTaps.removeAll(tapsBefore);
    newTaps.forEach(tap -> leaks.add("tap " + tap + " left in the host namespace"));
    String hostNamespace = link(Path.of("/proc/self/ns/net"));
    for (Path task : list(Path.of("/proc/self/task"))) {
      String namespace = link(task.resolve("ns/net"));
      if (namespace != null && !namespace.equals(hostNamespace)) {
        leaks.add(
            "thread "
                + task.getFileName()
                + " ("
                + read(task.resolve("comm")).strip()
                + ") still in network namespace "
                + namespace);
      }
    }
    String prefix = "unikernel-" + ProcessHandle.current().pid() + "-";
    for (Path temp : list(Path.of(System.getProperty("java.io.tmpdir")))) {
      if (temp.getFileName().toString().startsWith(prefix)) {
        leaks.add("temporary directory " + temp + " left behind");
      }
    }
    return leaks;
  }

  private static Set<String> hostTaps() {
    // A tun/tap device, and only one, has a tun_flags attribute.
    return list(Path.of("/sys/class/net")).stream()
        .filter(dir -> Files.exists(dir.resolve("tun_flags")))
        .map(dir -> dir.getFileName().toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String link(Path path) {
    try {
      return Files.readSymbolicLink(path).toString();
    } catch (IOException e) {
      return null; // the thread ended meanwhile
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "?";
    }
  }
}
