package io.unikernel.junit.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.testing.Declarations;
import io.unikernel.junit.testing.ReferencePair;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class PlanBuilderTests {

  private static final NetworkSettings NETWORK = NetworkSettings.of("br0", "192.168.42.1/24");

  // The image check is the only fake here: planning is pure bookkeeping.
  private static final PlanBuilder.ImageCheck ANY_IMAGE_IS_FINE = image -> Optional.empty();

  private static ClassPlan plan(Class<?> fixture) {
    return new PlanBuilder(NETWORK, 256, "qemu", Path.of(""), ANY_IMAGE_IS_FINE, List.of())
        .build(fixture, Declarations.of(fixture));
  }

  @Test
  void referencedInstancesBootFirst() {
    ClassPlan plan = plan(ReferencePair.class);

    assertThat(plan.bootOrder()).extracting(InstanceSpec::name).containsExactly("server", "client");
    assertThat(plan.find("client").orElseThrow().dependencies()).containsExactly("server");
    assertThat(plan.find("server").orElseThrow().prefixLength()).isEqualTo(24);
  }

  static class Allocated {
    @UnikernelInstance(image = "a", mode = Mode.BRIDGED)
    static Unikernel first;

    @UnikernelInstance(image = "b", mode = Mode.BRIDGED, tap = "tap0", ip = "192.168.42.2")
    static Unikernel second;
  }

  @Test
  void allocationSkipsTheBridgeAndWhatOthersAskFor() {
    InstanceSpec first = plan(Allocated.class).find("first").orElseThrow();

    assertThat(first.tap()).isEqualTo("tap1");
    assertThat(first.ip()).hasToString("192.168.42.3");
  }

  static class Invalid {
    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, ip = "192.168.42.300")
    static Unikernel malformed;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, ip = "10.0.0.5")
    static Unikernel outside;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, ip = "192.168.42.255")
    static Unikernel broadcast;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, ip = "192.168.42.1")
    static Unikernel bridge;

    @UnikernelInstance(
        image = "a",
        mode = Mode.BRIDGED,
        ip = "192.168.42.19",
        netmask = "255.255.255.0",
        gateway = "192.158.42.255")
    static Unikernel badGateway;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, tap = "a-very-long-tap-name")
    static Unikernel longTap;

    @UnikernelInstance(image = "a", port = 70000)
    static Unikernel badPort;

    @UnikernelInstance(image = "a", tap = "tap9")
    static Unikernel userWithTap;

    @UnikernelInstance(image = "a", args = "${nobody.ip}")
    static Unikernel unknownReference;

    @UnikernelInstance(image = "a")
    static final Unikernel finalField = null;

    @UnikernelInstance(image = "a")
    static Integer wrongType;

    @UnikernelInstance(image = "")
    static Unikernel noImage;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, port = 80, hostPort = 8080)
    static Unikernel bridgedHostPort;
  }

  @Test
  void everyProblemOfAClassIsReportedAtOnce() {
    assertThatThrownBy(() -> plan(Invalid.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageStartingWith(
            "@UnikernelInstance declarations of [" + Invalid.class.getName() + "] are invalid (")
        .hasMessageContaining(
            "field [Invalid.malformed] ip = \"192.168.42.300\": not an IPv4 address; write four"
                + " numbers 0-255 separated by dots, e.g. 192.168.42.19")
        .hasMessageContaining(
            "field [Invalid.outside] ip = \"10.0.0.5\": outside the bridge subnet 192.168.42.0/24")
        .hasMessageContaining(
            "field [Invalid.broadcast] ip = \"192.168.42.255\": is the broadcast address of"
                + " 192.168.42.0/24")
        .hasMessageContaining(
            "field [Invalid.bridge] ip = \"192.168.42.1\": is the bridge's own address")
        .hasMessageContaining(
            "field [Invalid.badGateway] gateway = \"192.158.42.255\": outside the bridge subnet")
        .hasMessageContaining(
            "field [Invalid.longTap] tap = \"a-very-long-tap-name\": longer than 15 bytes")
        .hasMessageContaining(
            "field [Invalid.badPort] port = \"70000\": a TCP port is 1-65535; set a port in that"
                + " range, or leave it out (0) for none")
        .hasMessageContaining(
            "field [Invalid.userWithTap] tap = \"tap9\": only bridged instances have one; this"
                + " instance is USERMODE; add mode = Mode.BRIDGED, or remove tap")
        .hasMessageContaining(
            "field [Invalid.unknownReference] args/env = \"${nobody.ip}\": no instance named"
                + " \"nobody\" in this class")
        .hasMessageContaining("field [Invalid.finalField] must not be declared final")
        .hasMessageContaining(
            "field [Invalid.wrongType] has unsupported type [java.lang.Integer]; declare it as one"
                + " of io.unikernel.junit.Unikernel, java.net.InetSocketAddress, java.net.URI,"
                + " java.lang.String")
        .hasMessageContaining("field [Invalid.noImage] image = \"\": an instance needs an image")
        .hasMessageContaining(
            "field [Invalid.bridgedHostPort] hostPort = \"8080\": only usermode instances forward a"
                + " host port; bridged ones are reached at their ip; remove hostPort")
        .hasMessageContaining("(13 problems)");
  }

  static class Duplicates {
    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, tap = "tap0", ip = "192.168.42.19")
    static Unikernel one;

    @UnikernelInstance(image = "a", mode = Mode.BRIDGED, tap = "tap0", ip = "192.168.42.19")
    static Unikernel two;
  }

  @Test
  void duplicateTapsAndAddressesAreRefused() {
    assertThatThrownBy(() -> plan(Duplicates.class))
        .hasMessageContaining(
            "field [Duplicates.two] tap = \"tap0\": another instance uses this tap")
        .hasMessageContaining(
            "field [Duplicates.two] ip = \"192.168.42.19\": another instance uses this address");
  }

  static class Cycle {
    @UnikernelInstance(image = "a", port = 1, args = "${b.ip}")
    static Unikernel a;

    @UnikernelInstance(image = "b", port = 2, env = "PEER=${a.address}")
    static Unikernel b;
  }

  @Test
  void aDependencyCycleIsRefused() {
    assertThatThrownBy(() -> plan(Cycle.class))
        .hasMessageContaining(
            "@UnikernelInstance placeholders form a dependency cycle: a -> b -> a");
  }

  static class Reference {
    @UnikernelInstance(image = "server", port = 8081)
    static Unikernel server;

    @UnikernelInstance(name = "server")
    static String serverAddress;

    @UnikernelInstance(name = "missing")
    static String dangling;
  }

  @Test
  void aFieldWithoutImageRefersToAnotherByName() {
    assertThatThrownBy(() -> plan(Reference.class))
        .hasMessageContaining(
            "field [Reference.dangling] name = \"missing\": no instance of that name is declared"
                + " with an image")
        .hasMessageContaining("(1 problem)");
  }

  static class UnworkableReferences {
    @UnikernelInstance(image = "server", mode = Mode.BRIDGED, port = 8081)
    static Unikernel bridged;

    @UnikernelInstance(image = "quiet")
    static Unikernel portless;

    @UnikernelInstance(
        image = "client",
        args = {"${bridged.address}", "${portless.port}", "${bridged}", "${oops"},
        env = {"MY-VAR=1", "OK=line\nbreak"})
    static Unikernel client;

    @UnikernelInstance(image = "a", name = "bad,name", mode = Mode.BRIDGED, tap = "br0")
    static Unikernel odd;

    @UnikernelInstance(image = "a", memory = 24, startupTimeout = Long.MAX_VALUE)
    static Unikernel tiny;
  }

  @Test
  void referencesAndValuesThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> plan(UnworkableReferences.class))
        .hasMessageContaining(
            "field [UnworkableReferences.client] args/env = \"${bridged.address}\": \"bridged\" is"
                + " BRIDGED but this instance is USERMODE, and the two cannot reach each other; use"
                + " the same mode for both")
        .hasMessageContaining(
            "field [UnworkableReferences.client] args/env = \"${portless.port}\": \"portless\""
                + " declares no port; set its port, or refer to ${portless.ip}")
        .hasMessageContaining(
            "field [UnworkableReferences.client] args/env = \"${bridged}\": not a placeholder")
        .hasMessageContaining(
            "field [UnworkableReferences.client] args/env = \"${oops\": not a placeholder")
        .hasMessageContaining(
            "field [UnworkableReferences.client] env = \"MY-VAR=1\": an entry must read"
                + " KEY=VALUE")
        .hasMessageContaining(
            "field [UnworkableReferences.client] args/env = \"OK=line\\nbreak\": contains a"
                + " newline or NUL")
        .hasMessageContaining(
            "field [UnworkableReferences.odd] name = \"bad,name\": a name is used in"
                + " placeholders, log files and QEMU's command line; use 1-32 letters, digits, '_'"
                + " or '-'")
        .hasMessageContaining(
            "field [UnworkableReferences.odd] tap = \"br0\": is the name of the class's bridge")
        .hasMessageContaining(
            "field [UnworkableReferences.tiny] memory = \"24\": the guest kernel needs at least"
                + " 64 MiB")
        .hasMessageContaining(
            "field [UnworkableReferences.tiny] startupTimeout = \"9223372036854775807\": must be 1"
                + " to 86400 seconds")
        .hasMessageContaining("(10 problems)");
  }
}
