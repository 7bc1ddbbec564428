package io.unikernel.junit.internal.boot;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code StaleRunReaper} removes what runs that died without cleaning up left behind, recognised by
 * the project's prefix plus the dead owner's PID: run directories {@code <tmp>/unikernel-<pid>-*}
 * and any QEMU still using one of them. It never touches anything whose owner is alive or whose
 * name lacks the prefix.
 *
 * <p>Network namespaces and taps need no sweep: namespaces are anonymous and die with the last
 * thread or process inside them, taking their taps along.
 */
public final class StaleRunReaper {

  private static final System.Logger LOG = System.getLogger(StaleRunReaper.class.getName());

  /** The prefix of every run directory: {@code unikernel-<owner pid>-}. */
  public static final String RUN_DIR_PREFIX = "unikernel-";

  private static final Pattern RUN_DIR = Pattern.compile("unikernel-(\\d+)-[0-9]+");

  private final Path tempDir;
  private final Path proc;

  public StaleRunReaper(Path tempDir, Path proc) {
    this.tempDir = tempDir;
    this.proc = proc;
  }

  /** A reaper for this host's temporary directory and {@code /proc}. */
  public static StaleRunReaper forThisHost() {
    return new StaleRunReaper(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/proc"));
  }

  /** Sweeps once; returns what was removed, one line each. */
  public List<String> sweep() {
    List<String> removed = new ArrayList<>();
    for (Path dir : list(tempDir)) {
      Matcher matcher = RUN_DIR.matcher(dir.getFileName().toString());
      if (!matcher.matches() || isAlive(Long.parseLong(matcher.group(1)))) {
        continue;
      }
      for (long pid : processesUsing(dir)) {
        // A QEMU that outlived its JVM (no parent-death signal) still holds the dead run's files.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        removed.add("process " + pid + " of dead run " + matcher.group(1));
      }
      try {
        deleteRecursively(dir);
        removed.add("directory " + dir);
      } catch (IOException e) {
        LOG.log(Level.WARNING, () -> "cannot remove stale run directory " + dir + ": " + e);
      }
    }
    if (!removed.isEmpty()) {
      LOG.log(Level.INFO, () -> "removed leftovers of dead runs: " + removed);
    }
    return removed;
  }

  private boolean isAlive(long pid) {
    return Files.exists(proc.resolve(Long.toString(pid)));
  }

  /** Returns the PIDs whose command line names {@code dir}. */
  private List<Long> processesUsing(Path dir) {
    String needle = dir.toString() + "/";
    List<Long> pids = new ArrayList<>();
    for (Path process : list(proc)) {
      String name = process.getFileName().toString();
      if (!name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      try {
        String commandLine =
            new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
        if (commandLine.contains(needle)) {
          pids.add(Long.parseLong(name));
        }
      } catch (IOException | RuntimeException e) {
        // The process ended while we looked: nothing to reap.
      }
    }
    return pids;
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
