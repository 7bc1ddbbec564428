package io.unikernel.junit.internal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GuestKernel} is the Linux kernel a microVM image boots: a {@code vmlinuz} plus the
 * directory that holds its loadable modules ({@code .ko} files, searched recursively).
 *
 * <p>{@code ci/setup} unpacks the Debian cloud kernel into {@code
 * <cache>/kernel/<version>/{vmlinuz,modules}} and points {@code <cache>/kernel/current} at the
 * version; {@link #locate(Path)} follows that layout. Both paths are validated when the value is
 * made; errors name the missing path and how to provide it.
 *
 * @param vmlinuz the kernel image passed to {@code qemu -kernel}; never {@code null}
 * @param modulesDir the root of the kernel's module tree; never {@code null}
 */
public record GuestKernel(Path vmlinuz, Path modulesDir) {

  /** Environment variable that overrides {@link #defaultCacheDir()}. */
  public static final String CACHE_ENV = "UNIKERNEL_CACHE";

  static final String REMEDY = "run ci/setup, or set unikernel.kernel / unikernel.kernel.modules";

  /**
   * Validates both paths.
   *
   * @throws IllegalStateException if {@code vmlinuz} is not a regular file or {@code modulesDir} is
   *     not a directory
   */
  public GuestKernel {
    Objects.requireNonNull(vmlinuz, "vmlinuz must not be null");
    Objects.requireNonNull(modulesDir, "modulesDir must not be null");
    if (!Files.isRegularFile(vmlinuz)) {
      throw new IllegalStateException(
          "Guest kernel image [" + vmlinuz + "] does not exist or is not a file; " + REMEDY);
    }
    if (!Files.isDirectory(modulesDir)) {
      throw new IllegalStateException(
          "Guest kernel modules directory ["
              + modulesDir
              + "] does not exist or is not a directory; "
              + REMEDY);
    }
  }

  /**
   * Returns the kernel at explicit paths, as configured with {@code unikernel.kernel} and {@code
   * unikernel.kernel.modules}.
   *
   * @throws IllegalStateException if a path is missing
   */
  public static GuestKernel at(Path vmlinuz, Path modulesDir) {
    return new GuestKernel(vmlinuz, modulesDir);
  }

  /**
   * Returns the kernel that {@code ci/setup} selected in {@code cacheDir}: {@code
   * <cacheDir>/kernel/current} is a symbolic link to (or a file naming) a version directory that
   * holds {@code vmlinuz} and {@code modules/}.
   *
   * @throws IllegalStateException if the cache has no usable kernel
   */
  public static GuestKernel locate(Path cacheDir) {
    Objects.requireNonNull(cacheDir, "cacheDir must not be null");
    Path kernels = cacheDir.resolve("kernel");
    Path current = kernels.resolve("current");
    Path versionDir;
    if (Files.isDirectory(current)) {
      versionDir = current;
    } else if (Files.isRegularFile(current)) {
      versionDir = kernels.resolve(readVersion(current));
    } else {
      throw new IllegalStateException(
          "No guest kernel in the cache: [" + current + "] does not exist; " + REMEDY);
    }
    return new GuestKernel(versionDir.resolve("vmlinuz"), versionDir.resolve("modules"));
  }

  /**
   * Returns the cache directory: {@code $UNIKERNEL_CACHE} when set, else {@code
   * $HOME/.cache/unikernel-junit} (the same rule as {@code ci/setup}).
   */
  public static Path defaultCacheDir() {
    return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
  }

  static Path defaultCacheDir(Map<String, String> env, String userHome) {
    String override = env.get(CACHE_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String home = env.getOrDefault("HOME", userHome);
    return Path.of(home, ".cache", "unikernel-junit");
  }

  private static String readVersion(Path current) {
    String version;
    try {
      version = Files.readString(current).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read guest kernel version from [" + current + "]", e);
    }
    if (version.isEmpty() || version.contains("/") || version.equals("..")) {
      throw new IllegalStateException(
          "Guest kernel version file [" + current + "] does not name a version; " + REMEDY);
    }
    return version;
  }
}
