package io.unikernel.junit.internal.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code BootParameters} is what the microVM's {@code /init} reads from the kernel command line:
 * the guest's IPv4 address and gateway, the program's arguments and its environment.
 *
 * <p>{@link #kernelCommandLine()} renders them as {@code uk.*} parameters. The kernel treats a
 * parameter with a dot in its name as a module option and neither complains about it nor passes it
 * to init as an argument, so {@code /init} reads them back from {@code /proc/cmdline}. Arguments
 * and environment are each one newline-terminated list, encoded in standard Base64 (alphabet {@code
 * [A-Za-z0-9+/=]}, no spaces, so it survives the kernel's splitting and the shell's).
 *
 * @param address the IPv4 address of {@code eth0} in dotted form, or {@code null} for none (a DHCP
 *     client may come later)
 * @param prefixLength the network prefix of {@code address}, 0 to 32; 0 when there is no address
 * @param gateway the default gateway, or {@code null} for no default route; needs an address
 * @param args the program's arguments (without {@code argv[0]}); never {@code null}
 * @param env the program's environment additions, each {@code KEY=VALUE}; never {@code null}
 */
public record BootParameters(
    String address, int prefixLength, String gateway, List<String> args, List<String> env) {

  /**
   * The parameters every microVM boots with. {@code panic=-1} reboots at once on a panic, which
   * QEMU's {@code -no-reboot} turns into an exit instead of a hang; {@code quiet} keeps kernel
   * messages out of the console the tests read. The rest is speed and robustness under TCG,
   * measured with {@code ci/bench}: {@code cryptomgr.notests} skips the crypto self-tests (about a
   * second of emulated CPU), {@code acpi=off} skips the ACPI table walk (the guest exits by reboot,
   * which {@code -no-reboot} turns into QEMU's exit), and {@code no_timer_check} stops the "IO-APIC
   * + timer doesn't work" panic that a slow, loaded emulated CPU sometimes triggers.
   */
  public static final String BASE_COMMAND_LINE =
      "console=ttyS0 quiet panic=-1 cryptomgr.notests acpi=off no_timer_check";

  /**
   * Asks the guest's init for a DHCP lease on {@code eth0}; for disk images, whose command line is
   * written into the disk's boot loader configuration rather than passed by QEMU.
   */
  public static final String DHCP_PARAMETER = "uk.dhcp=1";

  /** Returns the parameter that makes the guest's init announce when the program listens. */
  public static String watchPort(int port) {
    return "uk.port=" + port;
  }

  /** x86's {@code COMMAND_LINE_SIZE} is 2048 bytes including the terminating NUL. */
  public static final int MAX_COMMAND_LINE_LENGTH = 2047;

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  // No leading zeros: tools disagree on whether 010 means 8 (inet_aton) or is invalid (inet_pton).
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Validates all parameters, including the length of the resulting command line.
   *
   * @throws IllegalArgumentException if a value cannot be passed to the guest
   */
  public BootParameters {
    args = List.copyOf(Objects.requireNonNull(args, "args must not be null"));
    env = List.copyOf(Objects.requireNonNull(env, "env must not be null"));
    if (address != null) {
      requireIpv4("address", address);
      if (prefixLength < 0 || prefixLength > 32) {
        throw new IllegalArgumentException(
            "prefixLength [" + prefixLength + "] must be between 0 and 32");
      }
    } else if (prefixLength != 0) {
      throw new IllegalArgumentException(
          "prefixLength [" + prefixLength + "] must be 0 when there is no address");
    }
    if (gateway != null) {
      requireIpv4("gateway", gateway);
      if (address == null) {
        throw new IllegalArgumentException(
            "gateway [" + gateway + "] needs an address on the same network");
      }
    }
    for (String arg : args) {
      requireLine("argument", arg);
    }
    for (String entry : env) {
      requireLine("environment entry", entry);
      int equals = entry.indexOf('=');
      if (equals < 0 || !ENV_NAME.matcher(entry.substring(0, equals)).matches()) {
        throw new IllegalArgumentException(
            "environment entry ["
                + entry
                + "] must have the form KEY=VALUE with KEY made of letters, digits and '_'");
      }
    }
    int length = render(address, prefixLength, gateway, args, env).length();
    if (length > MAX_COMMAND_LINE_LENGTH) {
      throw new IllegalArgumentException(
          "Kernel command line would be "
              + length
              + " characters long, more than the "
              + MAX_COMMAND_LINE_LENGTH
              + " the kernel accepts; pass fewer or shorter arguments and environment entries");
    }
  }

  /** Returns parameters with no address, no arguments and no environment. */
  public static BootParameters none() {
    return new BootParameters(null, 0, null, List.of(), List.of());
  }

  /** Returns a copy with {@code eth0} at {@code address/prefixLength}. */
  public BootParameters withAddress(String address, int prefixLength) {
    Objects.requireNonNull(address, "address must not be null");
    return new BootParameters(address, prefixLength, gateway, args, env);
  }

  /** Returns a copy with a default route via {@code gateway}. */
  public BootParameters withGateway(String gateway) {
    Objects.requireNonNull(gateway, "gateway must not be null");
    return new BootParameters(address, prefixLength, gateway, args, env);
  }

  /** Returns a copy with the program arguments replaced. */
  public BootParameters withArgs(List<String> args) {
    return new BootParameters(address, prefixLength, gateway, args, env);
  }

  /** Returns a copy with the environment entries replaced. */
  public BootParameters withEnv(List<String> env) {
    return new BootParameters(address, prefixLength, gateway, args, env);
  }

  /**
   * Returns the kernel command line: {@value #BASE_COMMAND_LINE}, then {@code uk.ip}, {@code
   * uk.gw}, {@code uk.args} and {@code uk.env}, each left out when absent or empty.
   */
  public String kernelCommandLine() {
    return render(address, prefixLength, gateway, args, env);
  }

  private static String render(
      String address, int prefixLength, String gateway, List<String> args, List<String> env) {
    List<String> parts = new ArrayList<>();
    parts.add(BASE_COMMAND_LINE);
    if (address != null) {
      parts.add("uk.ip=" + address + "/" + prefixLength);
    }
    if (gateway != null) {
      parts.add("uk.gw=" + gateway);
    }
    if (!args.isEmpty()) {
      parts.add("uk.args=" + encode(args));
    }
    if (!env.isEmpty()) {
      parts.add("uk.env=" + encode(env));
    }
    return String.join(" ", parts);
  }

  /** Each value ends with a newline, so an empty last value is kept. */
  static String encode(List<String> values) {
    StringBuilder text = new StringBuilder();
    for (String value : values) {
      text.append(value).append('\n');
    }
    return Base64.getEncoder().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void requireIpv4(String what, String value) {
    if (!IPV4.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " [" + value + "] must be an IPv4 address in dotted decimal form, like 10.0.2.15");
    }
  }

  private static void requireLine(String what, String value) {
    Objects.requireNonNull(value, what + " must not be null");
    if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what
              + " ["
              + value.replace("\n", "\\n").replace("\0", "\\0")
              + "] must not contain a newline or NUL character");
    }
  }
}
