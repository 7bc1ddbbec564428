package io.unikernel.junit.internal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code KernelModules} finds kernel modules by name in a module tree and orders them so that every
 * module comes after the modules it depends on, which is the order {@code insmod} needs.
 *
 * <p>Debian's kernel package ships no {@code modules.dep} (depmod runs at install time), so the
 * dependencies are read from each module's own {@code .modinfo} section: the NUL-terminated string
 * {@code depends=a,b,c}. Module names treat {@code -} and {@code _} as the same character, as the
 * kernel does.
 */
public final class KernelModules {

  /**
   * {@code Module} is one kernel module in a load order.
   *
   * @param name the module name with {@code _} separators, e.g. {@code virtio_net}
   * @param file the {@code .ko} file
   * @param depends the modules this one needs, as listed in its {@code depends=} string
   */
  public record Module(String name, Path file, List<String> depends) {
    public Module {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(file, "file must not be null");
      depends = List.copyOf(depends);
    }
  }

  private static final byte[] DEPENDS = "depends=".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> COMPRESSED_SUFFIXES = List.of(".ko.xz", ".ko.zst", ".ko.gz");

  private final Path modulesDir;
  private final Map<String, Path> files;
  private final Map<String, Path> compressed;

  private KernelModules(Path modulesDir, Map<String, Path> files, Map<String, Path> compressed) {
    this.modulesDir = modulesDir;
    this.files = files;
    this.compressed = compressed;
  }

  /**
   * Indexes the {@code .ko} files under {@code modulesDir}, recursively.
   *
   * @throws IllegalStateException if {@code modulesDir} is not a directory
   * @throws UncheckedIOException if the tree cannot be read
   */
  public static KernelModules in(Path modulesDir) {
    Objects.requireNonNull(modulesDir, "modulesDir must not be null");
    if (!Files.isDirectory(modulesDir)) {
      throw new IllegalStateException(
          "Guest kernel modules directory ["
              + modulesDir
              + "] does not exist or is not a directory; "
              + GuestKernel.REMEDY);
    }
    // Sorted by path, so that a name present twice always resolves to the same file.
    Map<Path, String> byPath = new TreeMap<>();
    Map<Path, String> compressedByPath = new TreeMap<>();
    List<Path> regularFiles;
    try (Stream<Path> tree = Files.walk(modulesDir, FileVisitOption.FOLLOW_LINKS)) {
      regularFiles = tree.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list kernel modules under [" + modulesDir + "]", e);
    } catch (UncheckedIOException e) {
      // Files.walk reports errors met during iteration this way.
      throw new UncheckedIOException(
          "Cannot list kernel modules under [" + modulesDir + "]", e.getCause());
    }
    for (Path file : regularFiles) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".ko")) {
        byPath.put(file, stripSuffix(fileName, ".ko"));
      }
      for (String suffix : COMPRESSED_SUFFIXES) {
        if (fileName.endsWith(suffix)) {
          compressedByPath.put(file, stripSuffix(fileName, suffix));
        }
      }
    }
    return new KernelModules(modulesDir, index(byPath), index(compressedByPath));
  }

  /**
   * Convenience for {@code in(modulesDir).loadOrder(names)}.
   *
   * @see #loadOrder(Collection)
   */
  public static List<Module> loadOrder(Path modulesDir, Collection<String> names) {
    return in(modulesDir).loadOrder(names);
  }

  /**
   * Returns the named modules and everything they depend on, transitively, each once, in an order
   * where dependencies come first. The order is deterministic: a depth-first walk over {@code
   * names} in the given order, and over each module's dependencies in {@code depends=} order.
   *
   * @param names module names, {@code -} or {@code _} separated
   * @return the modules to load, in load order; never {@code null}
   * @throws IllegalStateException if a module is missing or the dependencies form a cycle
   */
  public List<Module> loadOrder(Collection<String> names) {
    Objects.requireNonNull(names, "names must not be null");
    Map<String, Module> ordered = new LinkedHashMap<>();
    for (String name : names) {
      Objects.requireNonNull(name, "module name must not be null");
      visit(normalize(name), null, ordered, new LinkedHashSet<>());
    }
    return List.copyOf(ordered.values());
  }

  private void visit(
      String name, String neededBy, Map<String, Module> ordered, Set<String> inProgress) {
    if (ordered.containsKey(name)) {
      return;
    }
    if (!inProgress.add(name)) {
      List<String> cycle = new ArrayList<>(inProgress);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      throw new IllegalStateException(
          "Kernel modules under ["
              + modulesDir
              + "] depend on each other in a cycle: ["
              + String.join(" -> ", cycle)
              + " -> "
              + name
              + "]");
    }
    Path file = files.get(name);
    if (file == null) {
      throw missing(name, neededBy);
    }
    List<String> depends = readDepends(file);
    for (String dependency : depends) {
      visit(dependency, name, ordered, inProgress);
    }
    inProgress.remove(name);
    ordered.put(name, new Module(name, file, depends));
  }

  private IllegalStateException missing(String name, String neededBy) {
    String what =
        "Kernel module ["
            + name
            + "]"
            + (neededBy == null ? "" : " (needed by [" + neededBy + "])");
    Path packed = compressed.get(name);
    if (packed != null) {
      return new IllegalStateException(
          what
              + " is only present compressed as ["
              + packed
              + "]; the microVM image needs uncompressed .ko files");
    }
    return new IllegalStateException(
        what
            + " not found under ["
            + modulesDir
            + "]; run ci/setup, or set unikernel.kernel.modules to a tree that contains it");
  }

  /**
   * Reads the {@code depends=} string from a module's {@code .modinfo} section.
   *
   * @return the dependency names, normalized; empty if the module has none
   */
  static List<String> readDepends(Path ko) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(ko);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read kernel module [" + ko + "]", e);
    }
    int start = indexOfTag(bytes);
    if (start < 0) {
      return List.of();
    }
    int end = start;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    String value = new String(bytes, start, end - start, StandardCharsets.US_ASCII).strip();
    if (value.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(KernelModules::normalize)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Returns the index just after a {@code depends=} that starts a NUL-separated string. */
  private static int indexOfTag(byte[] bytes) {
    outer:
    for (int i = 0; i + DEPENDS.length <= bytes.length; i++) {
      if (i > 0 && bytes[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < DEPENDS.length; j++) {
        if (bytes[i + j] != DEPENDS[j]) {
          continue outer;
        }
      }
      return i + DEPENDS.length;
    }
    return -1;
  }

  static String normalize(String name) {
    return name.replace('-', '_');
  }

  private static Map<String, Path> index(Map<Path, String> byPath) {
    Map<String, Path> byName = new LinkedHashMap<>();
    byPath.forEach((path, name) -> byName.putIfAbsent(normalize(name), path));
    return byName;
  }

  private static String stripSuffix(String fileName, String suffix) {
    return fileName.substring(0, fileName.length() - suffix.length());
  }
}
