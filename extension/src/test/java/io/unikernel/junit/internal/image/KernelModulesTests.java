package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTests {

  /** The virtio network stack of Debian 12's 6.1 cloud kernel, as listed by its .modinfo. */
  static void writeVirtioTree(Path modules) throws IOException {
    fakeModule(modules, "drivers/virtio/virtio_ring.ko", "");
    fakeModule(modules, "drivers/virtio/virtio.ko", "virtio_ring");
    fakeModule(modules, "drivers/virtio/virtio_pci_modern_dev.ko", "");
    fakeModule(modules, "drivers/virtio/virtio_pci_legacy_dev.ko", "");
    fakeModule(
        modules,
        "drivers/virtio/virtio_pci.ko",
        "virtio_ring,virtio_pci_modern_dev,virtio_pci_legacy_dev,virtio");
    fakeModule(modules, "net/core/failover.ko", "");
    fakeModule(modules, "drivers/net/net_failover.ko", "failover");
    fakeModule(modules, "drivers/net/virtio_net.ko", "virtio_ring,virtio,net_failover");
  }

  static final List<String> VIRTIO_LOAD_ORDER =
      List.of(
          "virtio_ring",
          "virtio_pci_modern_dev",
          "virtio_pci_legacy_dev",
          "virtio",
          "virtio_pci",
          "failover",
          "net_failover",
          "virtio_net");

  /** A file that looks like a module to {@link KernelModules}: .modinfo strings among junk. */
  static Path fakeModule(Path modules, String relative, String depends) throws IOException {
    Path file = modules.resolve(relative);
    Files.createDirectories(file.getParent());
    String name = file.getFileName().toString().replace(".ko", "");
    String modinfo =
        "\u007fELF junk\0license=GPL\0xdepends=decoy\0depends="
            + depends
            + "\0retpoline=Y\0name="
            + name
            + "\0vermagic=6.1.0 SMP mod_unload\0";
    return Files.write(file, modinfo.getBytes(StandardCharsets.US_ASCII));
  }

  @TempDir Path modules;

  @Test
  void dependenciesComeFirstInADeterministicOrder() throws IOException {
    writeVirtioTree(modules);

    List<KernelModules.Module> order =
        KernelModules.loadOrder(modules, List.of("virtio_pci", "virtio_net"));

    assertThat(order).extracting(KernelModules.Module::name).isEqualTo(VIRTIO_LOAD_ORDER);
    assertThat(order.get(7).file()).isEqualTo(modules.resolve("drivers/net/virtio_net.ko"));
    assertThat(order.get(7).depends()).containsExactly("virtio_ring", "virtio", "net_failover");
  }

  @Test
  void eachModuleIsListedOnceWhenAskedForTwice() throws IOException {
    writeVirtioTree(modules);

    assertThat(KernelModules.loadOrder(modules, List.of("virtio", "virtio_ring", "virtio")))
        .extracting(KernelModules.Module::name)
        .containsExactly("virtio_ring", "virtio");
  }

  @Test
  void dashesAndUnderscoresAreTheSameInNamesAndFiles() throws IOException {
    fakeModule(modules, "drivers/char/hw_random/virtio-rng.ko", "virtio-ring");
    fakeModule(modules, "drivers/virtio/virtio_ring.ko", "");

    assertThat(KernelModules.loadOrder(modules, List.of("virtio-rng")))
        .extracting(KernelModules.Module::name)
        .containsExactly("virtio_ring", "virtio_rng");
  }

  @Test
  void moduleWithoutDependsStringHasNoDependencies() throws IOException {
    Path file = Files.write(modules.resolve("plain.ko"), new byte[] {1, 2, 3, 0, 'x'});

    assertThat(KernelModules.readDepends(file)).isEmpty();
  }

  @Test
  void missingModuleIsReportedWithTheDirectory() {
    assertThatIllegalStateException()
        .isThrownBy(() -> KernelModules.loadOrder(modules, List.of("virtio_net")))
        .withMessage(
            "Kernel module [virtio_net] not found under ["
                + modules
                + "]; run ci/setup, or set unikernel.kernel.modules to a tree that contains it");
  }

  @Test
  void missingDependencyNamesTheModuleThatNeedsIt() throws IOException {
    fakeModule(modules, "drivers/net/net_failover.ko", "failover");

    assertThatIllegalStateException()
        .isThrownBy(() -> KernelModules.loadOrder(modules, List.of("net_failover")))
        .withMessage(
            "Kernel module [failover] (needed by [net_failover]) not found under ["
                + modules
                + "]; run ci/setup, or set unikernel.kernel.modules to a tree that contains it");
  }

  @Test
  void compressedModuleIsReportedAsUnsupported() throws IOException {
    Path packed = Files.write(modules.resolve("virtio_net.ko.xz"), new byte[] {1});

    assertThatIllegalStateException()
        .isThrownBy(() -> KernelModules.loadOrder(modules, List.of("virtio_net")))
        .withMessage(
            "Kernel module [virtio_net] is only present compressed as ["
                + packed
                + "]; the microVM image needs uncompressed .ko files");
  }

  @Test
  void dependencyCycleIsReported() throws IOException {
    fakeModule(modules, "a.ko", "b");
    fakeModule(modules, "b.ko", "c");
    fakeModule(modules, "c.ko", "b");

    assertThatIllegalStateException()
        .isThrownBy(() -> KernelModules.loadOrder(modules, List.of("a")))
        .withMessage(
            "Kernel modules under ["
                + modules
                + "] depend on each other in a cycle: [b -> c -> b]");
  }

  @Test
  void missingDirectoryIsReported() {
    Path missing = modules.resolve("missing");

    assertThatIllegalStateException()
        .isThrownBy(() -> KernelModules.in(missing))
        .withMessage(
            "Guest kernel modules directory ["
                + missing
                + "] does not exist or is not a directory;"
                + " run ci/setup, or set unikernel.kernel / unikernel.kernel.modules");
  }

  @Nested
  class WithTheKernelFromCiSetup {

    @Test
    void virtioNetworkStackResolvesFromTheRealModules() {
      GuestKernel kernel = cachedKernel();

      assertThat(KernelModules.loadOrder(kernel.modulesDir(), MicroVmImageBuilder.MODULES))
          .extracting(KernelModules.Module::name)
          .isEqualTo(VIRTIO_LOAD_ORDER);
    }

    private GuestKernel cachedKernel() {
      try {
        return GuestKernel.locate(GuestKernel.defaultCacheDir());
      } catch (IllegalStateException e) {
        assumeTrue(false, "no guest kernel in the cache (run ci/setup): " + e.getMessage());
        throw e;
      }
    }
  }
}
