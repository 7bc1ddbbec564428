package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestKernelTests {

  private static final String VERSION = "6.1.0-57-cloud-amd64";

  @TempDir Path cache;

  @Test
  void locateFollowsTheCurrentLink() throws IOException {
    Path versionDir = versionDir();
    Files.createSymbolicLink(cache.resolve("kernel/current"), Path.of(VERSION));

    GuestKernel kernel = GuestKernel.locate(cache);

    assertThat(kernel.vmlinuz()).isEqualTo(cache.resolve("kernel/current/vmlinuz"));
    assertThat(kernel.modulesDir()).isEqualTo(cache.resolve("kernel/current/modules"));
    assertThat(kernel.vmlinuz().toRealPath()).isEqualTo(versionDir.resolve("vmlinuz").toRealPath());
  }

  @Test
  void locateReadsAVersionFile() throws IOException {
    Path versionDir = versionDir();
    Files.writeString(cache.resolve("kernel/current"), VERSION + "\n");

    GuestKernel kernel = GuestKernel.locate(cache);

    assertThat(kernel.vmlinuz()).isEqualTo(versionDir.resolve("vmlinuz"));
    assertThat(kernel.modulesDir()).isEqualTo(versionDir.resolve("modules"));
  }

  @Test
  void locateWithoutCurrentNamesTheMissingPath() {
    assertThatIllegalStateException()
        .isThrownBy(() -> GuestKernel.locate(cache))
        .withMessage(
            "No guest kernel in the cache: ["
                + cache.resolve("kernel/current")
                + "] does not exist;"
                + " run ci/setup, or set unikernel.kernel / unikernel.kernel.modules");
  }

  @Test
  void locateWithoutVmlinuzNamesTheMissingPath() throws IOException {
    Path versionDir = versionDir();
    Files.delete(versionDir.resolve("vmlinuz"));
    Files.writeString(cache.resolve("kernel/current"), VERSION);

    assertThatIllegalStateException()
        .isThrownBy(() -> GuestKernel.locate(cache))
        .withMessage(
            "Guest kernel image ["
                + versionDir.resolve("vmlinuz")
                + "] does not exist or is not a file;"
                + " run ci/setup, or set unikernel.kernel / unikernel.kernel.modules");
  }

  @Test
  void versionFileMustNameAVersion() throws IOException {
    Files.createDirectories(cache.resolve("kernel"));
    Files.writeString(cache.resolve("kernel/current"), "../../etc");

    assertThatIllegalStateException()
        .isThrownBy(() -> GuestKernel.locate(cache))
        .withMessage(
            "Guest kernel version file ["
                + cache.resolve("kernel/current")
                + "] does not name a version;"
                + " run ci/setup, or set unikernel.kernel / unikernel.kernel.modules");
  }

  @Test
  void atWithMissingModulesDirectoryNamesIt() throws IOException {
    Path vmlinuz = Files.createFile(cache.resolve("vmlinuz"));
    Path modules = cache.resolve("modules");

    assertThatIllegalStateException()
        .isThrownBy(() -> GuestKernel.at(vmlinuz, modules))
        .withMessage(
            "Guest kernel modules directory ["
                + modules
                + "] does not exist or is not a directory;"
                + " run ci/setup, or set unikernel.kernel / unikernel.kernel.modules");
  }

  @Test
  void defaultCacheDirPrefersTheEnvironmentVariable() {
    assertThat(GuestKernel.defaultCacheDir(Map.of("UNIKERNEL_CACHE", "/ci/cache"), "/home/u"))
        .isEqualTo(Path.of("/ci/cache"));
  }

  @Test
  void defaultCacheDirIsUnderHome() {
    assertThat(GuestKernel.defaultCacheDir(Map.of("HOME", "/home/ci"), "/home/u"))
        .isEqualTo(Path.of("/home/ci/.cache/unikernel-junit"));
    assertThat(GuestKernel.defaultCacheDir(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/unikernel-junit"));
  }

  private Path versionDir() throws IOException {
    Path versionDir = Files.createDirectories(cache.resolve("kernel").resolve(VERSION));
    Files.createDirectories(versionDir.resolve("modules"));
    Files.writeString(versionDir.resolve("vmlinuz"), "kernel");
    return versionDir;
  }
}
