package io.unikernel.junit.internal.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code PortOwners} finds which process listens on a local TCP port, from {@code /proc/net/tcp*}
 * and the processes' socket descriptors, to say who holds a port a user asked for.
 */
final class PortOwners {

  private static final String LISTEN = "0A";

  private PortOwners() {}

  /** Returns e.g. {@code pid 1234 (nginx)}, or empty when it cannot be found (or is not ours). */
  static Optional<String> describe(int port) {
    Set<String> inodes = new HashSet<>();
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : lines(Path.of(table))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals(LISTEN)) {
          inodes.add("socket:[" + fields[9] + "]");
        }
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holdsAny(p, inodes))
          .findFirst()
          .map(
              p ->
                  "pid "
                      + p.getFileName()
                      + " ("
                      + String.join("", lines(p.resolve("comm")))
                      + ")");
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holdsAny(Path process, Set<String> inodes) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.anyMatch(
          fd -> {
            try {
              return inodes.contains(Files.readSymbolicLink(fd).toString());
            } catch (IOException e) {
              return false; // closed meanwhile
            }
          });
    } catch (IOException e) {
      return false; // ended meanwhile, or not ours to read
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
