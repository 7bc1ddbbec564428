package io.unikernel.junit.internal.plan;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code InterfaceNames} says whether a string can name a Linux network interface. */
public final class InterfaceNames {

  /** How to fix a bad name. */
  public static final String HINT =
      "use 1-15 characters from letters, digits, '-', '_' and '.', e.g. tap0";

  // IFNAMSIZ is 16 including the NUL; the kernel refuses '/', ':' and white space, and we keep to
  // characters that every tool prints and parses without quoting.
  private static final int MAX_BYTES = 15;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

  private InterfaceNames() {}

  /** Returns why {@code name} cannot name an interface, or empty if it can. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("an interface name cannot be empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("longer than " + MAX_BYTES + " bytes (Linux IFNAMSIZ)");
    }
    if (!ALLOWED.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      return Optional.of("has characters an interface name cannot have");
    }
    return Optional.empty();
  }
}
