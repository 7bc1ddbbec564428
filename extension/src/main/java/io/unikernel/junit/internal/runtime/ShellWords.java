package io.unikernel.junit.internal.runtime;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code ShellWords} prints an argv as a command line a human can paste into a shell. */
public final class ShellWords {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  private ShellWords() {}

  public static String join(List<String> argv) {
    return argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }

  static String quote(String arg) {
    return SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
