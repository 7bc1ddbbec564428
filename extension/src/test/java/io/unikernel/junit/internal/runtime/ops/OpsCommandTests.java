package io.unikernel.junit.internal.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.plan.ClassPlan;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.plan.NetworkSettings;
import io.unikernel.junit.internal.plan.PlanBuilder;
import io.unikernel.junit.testing.Declarations;
import io.unikernel.junit.testing.ReferencePair;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpsCommandTests {

  private static ClassPlan plan(Class<?> fixture, String bridge) {
    return new PlanBuilder(
            NetworkSettings.of(bridge, "192.168.42.1/24"),
            256,
            "ops",
            Path.of(""),
            image -> Optional.empty(),
            List.of())
        .build(fixture, Declarations.of(fixture));
  }

  private static OpsCommand command(ClassPlan plan, String name, List<String> args) {
    InstanceSpec spec = plan.find(name).orElseThrow();
    return OpsCommand.run("ops", spec, args, spec.env(), "br0");
  }

  @Test
  void theSeedPairGivesOpsOwnCommandLines() {
    ClassPlan plan = plan(ReferencePair.class, "br0");

    assertThat(command(plan, "server", List.of()).argv())
        .containsExactly(
            "ops",
            "run",
            "server",
            "-p",
            "8081",
            "-b",
            "-t",
            "tap0",
            "--ip-address",
            "192.168.42.19");
    assertThat(command(plan, "client", List.of("192.168.42.19:8081")).toString())
        .isEqualTo("ops run client -a 192.168.42.19:8081 -b -t tap1 --ip-address 192.168.42.20");
  }

  static class EveryAttribute {
    @UnikernelInstance(
        image = "target/app",
        mode = Mode.BRIDGED,
        port = 80,
        tap = "tapx",
        ip = "192.168.42.7",
        gateway = "192.168.42.1",
        netmask = "255.255.255.0",
        args = {"--flag", "two words"},
        env = {"A=1", "B=x y"},
        memory = 512)
    static Unikernel app;

    @UnikernelInstance(image = "plain", port = 8080)
    static Unikernel user;
  }

  @Test
  void everyAttributeMapsToItsOpsFlag() {
    ClassPlan plan = plan(EveryAttribute.class, "br0");
    InstanceSpec app = plan.find("app").orElseThrow();

    OpsCommand command = OpsCommand.run("/opt/ops", app, app.args(), app.env(), "uk0");

    assertThat(command.argv())
        .containsExactly(
            "/opt/ops",
            "run",
            "target/app",
            "-p",
            "80",
            "-a",
            "--flag",
            "-a",
            "two words",
            "-b",
            "-t",
            "tapx",
            "--ip-address",
            "192.168.42.7",
            "--gateway",
            "192.168.42.1",
            "--netmask",
            "255.255.255.0",
            "--bridgename",
            "uk0",
            "-e",
            "A=1",
            "-e",
            "B=x y",
            "-m",
            "512M");
    assertThat(command.toString()).contains(" -a 'two words' ").contains(" -e 'B=x y' ");
  }

  @Test
  void usermodeIsRunWithItsPortOnly() {
    ClassPlan plan = plan(EveryAttribute.class, "br0");

    assertThat(command(plan, "user", List.of()).argv())
        .containsExactly("ops", "run", "plain", "-p", "8080");
  }
}
