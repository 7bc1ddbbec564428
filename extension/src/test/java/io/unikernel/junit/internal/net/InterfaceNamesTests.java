package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNamesTests {

  @ParameterizedTest
  @ValueSource(strings = {"tap0", "br0", "a", "unikernel-12345", "br_x.y-z", "..."})
  void acceptsShortAsciiNames(String name) {
    assertThat(InterfaceNames.requireValid(name, "tap")).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "unikernel-123456",
        "tap/0",
        "tap:0",
        "tap 0",
        "tap\t0",
        "tap\n",
        "täp0",
        "tap$0",
        "tap0*"
      })
  void refusesEverythingElseNamingTheValue(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InterfaceNames.requireValid(name, "tap"))
        .withMessage(
            "tap name \""
                + name
                + "\" is not a valid interface name (expected 1-15 ASCII letters, digits, '-',"
                + " '_' or '.', and not \".\" or \"..\")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "tap"})
  void refusesNullNamingTheRole(String role) {
    assertThatNullPointerException()
        .isThrownBy(() -> InterfaceNames.requireValid(null, role))
        .withMessage(role + " name must not be null");
  }
}
