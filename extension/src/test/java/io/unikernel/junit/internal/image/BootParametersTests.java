package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootParametersTests {

  @Test
  void noParametersGiveTheBaseCommandLine() {
    assertThat(BootParameters.none().kernelCommandLine())
        .isEqualTo(BootParameters.BASE_COMMAND_LINE);
  }

  @Test
  void allParametersAreRenderedInOrder() {
    BootParameters parameters =
        BootParameters.none()
            .withAddress("10.0.2.15", 24)
            .withGateway("10.0.2.2")
            .withArgs(List.of("-port", "8081"))
            .withEnv(List.of("GREETING=x"));

    assertThat(parameters.kernelCommandLine())
        .isEqualTo(
            BootParameters.BASE_COMMAND_LINE
                + " uk.ip=10.0.2.15/24 uk.gw=10.0.2.2"
                + " uk.args=LXBvcnQKODA4MQo= uk.env=R1JFRVRJTkc9eAo=");
  }

  @Test
  void addressWithoutGatewayLeavesOutTheGateway() {
    assertThat(BootParameters.none().withAddress("192.168.42.19", 24).kernelCommandLine())
        .isEqualTo(BootParameters.BASE_COMMAND_LINE + " uk.ip=192.168.42.19/24");
  }

  @Test
  void argumentsAloneAreRendered() {
    assertThat(BootParameters.none().withArgs(List.of("a")).kernelCommandLine())
        .isEqualTo(BootParameters.BASE_COMMAND_LINE + " uk.args=YQo=");
  }

  @Test
  void argumentsKeepSpacesQuotesAndEmptyValues() {
    List<String> args = List.of("a b", "", "it's \"quoted\" $HOME", "ünï", "");

    String encoded = BootParameters.encode(args);

    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo("a b\n\nit's \"quoted\" $HOME\nünï\n\n");
    assertThat(encoded).matches("[A-Za-z0-9+/=]+");
  }

  @Test
  void emptyListsAreLeftOut() {
    assertThat(BootParameters.none().withArgs(List.of()).withEnv(List.of()).kernelCommandLine())
        .isEqualTo(BootParameters.BASE_COMMAND_LINE);
  }

  @Test
  void argumentWithNewlineIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withArgs(List.of("ok", "two\nlines")))
        .withMessage("argument [two\\nlines] must not contain a newline or NUL character");
  }

  @Test
  void environmentEntryWithNulIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withEnv(List.of("A=b\0c")))
        .withMessage("environment entry [A=b\\0c] must not contain a newline or NUL character");
  }

  @Test
  void environmentEntryWithoutEqualsIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withEnv(List.of("GREETING")))
        .withMessage(
            "environment entry [GREETING] must have the form KEY=VALUE"
                + " with KEY made of letters, digits and '_'");
  }

  @Test
  void environmentEntryWithBadKeyIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withEnv(List.of("1A-B=x")))
        .withMessage(
            "environment entry [1A-B=x] must have the form KEY=VALUE"
                + " with KEY made of letters, digits and '_'");
  }

  @Test
  void environmentValueMayContainEqualsAndSpaces() {
    assertThat(BootParameters.none().withEnv(List.of("OPTS=a=b c")).env())
        .containsExactly("OPTS=a=b c");
  }

  @Test
  void malformedAddressIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withAddress("10.0.2.256", 24))
        .withMessage(
            "address [10.0.2.256] must be an IPv4 address in dotted decimal form, like 10.0.2.15");
  }

  @Test
  void addressWithLeadingZeroIsRejected() {
    // inet_aton would read 015 as octal 13; inet_pton rejects it.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withAddress("10.0.2.015", 24))
        .withMessage(
            "address [10.0.2.015] must be an IPv4 address in dotted decimal form, like 10.0.2.15");
  }

  @Test
  void prefixLengthOutOfRangeIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withAddress("10.0.2.15", 33))
        .withMessage("prefixLength [33] must be between 0 and 32");
  }

  @Test
  void prefixLengthWithoutAddressIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BootParameters(null, 24, null, List.of(), List.of()))
        .withMessage("prefixLength [24] must be 0 when there is no address");
  }

  @Test
  void gatewayWithoutAddressIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withGateway("10.0.2.2"))
        .withMessage("gateway [10.0.2.2] needs an address on the same network");
  }

  @Test
  void malformedGatewayIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withAddress("10.0.2.15", 24).withGateway("gw"))
        .withMessage("gateway [gw] must be an IPv4 address in dotted decimal form, like 10.0.2.15");
  }

  @Test
  void commandLineUpToTheKernelLimitIsAccepted() {
    // 70 base characters + " uk.args=" (9) + Base64 of 1475 + 1 bytes (1968 characters) = 2047.
    assertThat(BootParameters.BASE_COMMAND_LINE).hasSize(70);
    BootParameters parameters = BootParameters.none().withArgs(List.of("x".repeat(1475)));

    assertThat(parameters.kernelCommandLine()).hasSize(2047);
  }

  @Test
  void commandLineLongerThanTheKernelAcceptsIsRejected() {
    // One more byte of argument makes 1477 bytes, whose Base64 needs 1972 characters.
    List<String> args = List.of("x".repeat(1476));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> BootParameters.none().withArgs(args))
        .withMessage(
            "Kernel command line would be 2051 characters long, more than the 2047 the kernel"
                + " accepts; pass fewer or shorter arguments and environment entries");
  }

  @Test
  void listsAreCopied() {
    List<String> args = new ArrayList<>(List.of("a"));
    BootParameters parameters = BootParameters.none().withArgs(args);

    args.add("b");

    assertThat(parameters.args()).containsExactly("a");
  }
}
