package io.unikernel.junit.internal.runtime.ops;

import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.plan.InstanceSpec;
import io.unikernel.junit.internal.runtime.ShellWords;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OpsCommand} is the {@code ops run} argv for one instance: the flags {@code ops} itself
 * takes for what the annotation says, and nothing the user did not ask for, so that the reference
 * pair's annotations give exactly {@code ops run server -p 8081 -b -t tap0 --ip-address
 * 192.168.42.19} and {@code ops run client -a 192.168.42.19:8081 -b -t tap1 --ip-address
 * 192.168.42.20}.
 *
 * @param argv the command, starting with the {@code ops} executable
 */
public record OpsCommand(List<String> argv) {

  /** The bridge {@code ops} uses when not told otherwise. */
  static final String OPS_DEFAULT_BRIDGE = "br0";

  public OpsCommand {
    argv = List.copyOf(argv);
  }

  /**
   * Builds {@code ops run} for {@code spec}.
   *
   * @param args the program arguments, placeholders resolved
   * @param env the environment ({@code KEY=VALUE}), placeholders resolved
   * @param bridgeName the class's bridge, passed on only when it is not ops' default
   */
  public static OpsCommand run(
      String executable,
      InstanceSpec spec,
      List<String> args,
      List<String> env,
      String bridgeName) {
    UnikernelInstance declared = spec.declared();
    List<String> argv = new ArrayList<>(List.of(executable, "run", declared.image()));
    if (spec.port() != 0) {
      argv.addAll(List.of("-p", String.valueOf(spec.port())));
    }
    for (String arg : args) {
      argv.addAll(List.of("-a", arg));
    }
    if (spec.bridged()) {
      argv.addAll(List.of("-b", "-t", spec.tap(), "--ip-address", spec.ip().toString()));
      if (!declared.gateway().isEmpty()) {
        argv.addAll(List.of("--gateway", declared.gateway()));
      }
      if (!declared.netmask().isEmpty()) {
        argv.addAll(List.of("--netmask", declared.netmask()));
      }
      if (!bridgeName.equals(OPS_DEFAULT_BRIDGE)) {
        argv.addAll(List.of("--bridgename", bridgeName));
      }
    }
    for (String entry : env) {
      argv.addAll(List.of("-e", entry));
    }
    if (declared.memory() != 0) {
      argv.addAll(List.of("-m", declared.memory() + "M"));
    }
    return new OpsCommand(argv);
  }

  /** Returns the command line as a human would type it. */
  @Override
  public String toString() {
    return ShellWords.join(argv);
  }
}
