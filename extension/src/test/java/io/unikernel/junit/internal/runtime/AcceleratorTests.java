package io.unikernel.junit.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorTests {

  @TempDir Path dir;

  private Path cpuinfo(String flags) throws IOException {
    return Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: " + flags + "\n");
  }

  private Path openableDevice() throws IOException {
    return Files.createFile(dir.resolve("kvm"));
  }

  @Test
  void autoUsesKvmOnlyWithTheDeviceAndTheCpuFlag() throws IOException {
    Accelerator accelerator = Accelerator.choose("auto", openableDevice(), cpuinfo("fpu vmx sse"));

    assertThat(accelerator.name()).isEqualTo("kvm");
  }

  @Test
  void aPresentDeviceWithoutVirtualisationFlagsMeansTcg() throws IOException {
    Accelerator accelerator = Accelerator.choose("auto", openableDevice(), cpuinfo("fpu sse avx"));

    assertThat(accelerator.name()).isEqualTo("tcg");
    assertThat(accelerator.reason()).contains("CPU flags show no vmx/svm");
  }

  @Test
  void noDeviceMeansTcg() throws IOException {
    Accelerator accelerator =
        Accelerator.choose("auto", dir.resolve("missing"), cpuinfo("fpu svm"));

    assertThat(accelerator.name()).isEqualTo("tcg");
    assertThat(accelerator.reason()).endsWith("does not exist");
  }

  @Test
  void thisHostsChoiceIsExplained() {
    Accelerator accelerator = Accelerator.choose("auto");

    assertThat(accelerator.name()).isIn("kvm", "tcg");
    assertThat(accelerator.reason()).isNotBlank();
  }

  @Test
  void anUnknownSettingIsRefused() {
    assertThatThrownBy(() -> Accelerator.choose("hvf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accelerator \"hvf\" is not one of auto, kvm, tcg");
  }
}
