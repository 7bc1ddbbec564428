package io.unikernel.junit.internal.net;

import io.unikernel.junit.internal.net.jna.If;
import java.util.Optional;

/** {@code InterfaceNames} checks Linux interface names before they reach a system call. */
public final class InterfaceNames {

  static final int MAX_LENGTH = If.IFNAMSIZ - 1;

  /** How to fix a bad name, for error messages. */
  public static final String HINT =
      "use 1-15 characters from letters, digits, '-', '_' and '.', e.g. tap0";

  private InterfaceNames() {}

  /** Returns why {@code name} cannot name an interface, or empty if it can. */
  public static Optional<String> problem(String name) {
    if (name.length() > MAX_LENGTH) {
      return Optional.of("longer than " + MAX_LENGTH + " bytes (Linux IFNAMSIZ)");
    }
    return isValid(name)
        ? Optional.empty()
        : Optional.of("has characters an interface name cannot have");
  }

  /**
   * Checks that {@code name} is a safe interface name: 1-15 ASCII letters, digits, {@code '-'},
   * {@code '_'} or {@code '.'}, and not {@code "."} or {@code ".."}.
   *
   * <p>The kernel itself refuses {@code '/'}, {@code ':'} and whitespace and silently truncates
   * long names in some requests; the narrower set here also keeps names safe on a command line.
   *
   * @param role what the name is for, such as {@code "tap"} or {@code "bridge"}
   * @return {@code name}
   * @throws IllegalArgumentException naming the value if it is not a valid name
   */
  static String requireValid(String name, String role) {
    if (name == null) {
      throw new NullPointerException(role + " name must not be null");
    }
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          role
              + " name \""
              + name
              + "\" is not a valid interface name (expected 1-"
              + MAX_LENGTH
              + " ASCII letters, digits, '-', '_' or '.', and not \".\" or \"..\")");
    }
    return name;
  }

  static boolean isValid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
