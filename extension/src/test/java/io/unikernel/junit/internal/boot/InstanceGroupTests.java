package io.unikernel.junit.internal.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.plan.ClassPlan;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.plan.NetworkSettings;
import io.unikernel.junit.internal.plan.PlanBuilder;
import io.unikernel.junit.testing.Declarations;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceGroupTests {

  static class Fixture {
    @UnikernelInstance(image = "a", port = 1)
    static Unikernel database;

    @UnikernelInstance(image = "b", port = 2)
    static Unikernel cache;

    @UnikernelInstance(
        image = "c",
        port = 3,
        env = {"DB=${database.address}", "C=${cache.ip}"})
    static Unikernel api;

    @UnikernelInstance(image = "d")
    static Unikernel loner;

    @UnikernelInstance(image = "e", args = "${api.address}")
    static Unikernel client;
  }

  @Test
  void independentInstancesShareAWaveAndDependantsComeAfter() {
    ClassPlan plan =
        new PlanBuilder(
                NetworkSettings.of("br0", "192.168.42.1/24"),
                256,
                "qemu",
                Path.of(""),
                image -> Optional.empty(),
                List.of())
            .build(Fixture.class, Declarations.of(Fixture.class));

    List<List<InstanceSpec>> waves = InstanceGroup.waves(plan.bootOrder());

    assertThat(waves)
        .extracting(wave -> wave.stream().map(InstanceSpec::name).toList())
        .containsExactly(List.of("database", "cache", "loner"), List.of("api"), List.of("client"));
  }
}
