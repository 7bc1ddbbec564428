package io.unikernel.junit.internal.plan;

import io.unikernel.junit.Mode;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.net.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code InstanceSpec} is one validated instance: everything needed to boot it, with tap and IP
 * already allocated when bridged. {@code args} and {@code env} may still hold placeholders, which
 * are resolved at boot against the instances named in {@link #dependencies()}.
 *
 * @param declaredAt where the user declared it, e.g. {@code field [com.example.FooTest.server]}
 * @param hostPort the fixed loopback port to forward from (usermode), or 0 for a free one
 * @param tap the tap name (bridged), else empty
 * @param ip the guest address (bridged), else {@code null}
 * @param prefixLength the guest netmask as a prefix (bridged), else 0
 * @param gateway the guest's default gateway, or {@code null}
 * @param ready a console pattern to wait for, or {@code null}
 * @param runtime {@code qemu} or {@code ops}
 * @param declared the annotation as written, for runtimes that pass on only what the user set
 */
public record InstanceSpec(
    String name,
    String declaredAt,
    Path image,
    Mode mode,
    int port,
    int hostPort,
    String tap,
    Ipv4Address ip,
    int prefixLength,
    Ipv4Address gateway,
    List<String> args,
    List<String> env,
    Pattern ready,
    Duration startupTimeout,
    int memoryMiB,
    String runtime,
    Set<String> dependencies,
    UnikernelInstance declared) {

  public InstanceSpec {
    args = List.copyOf(args);
    env = List.copyOf(env);
    dependencies = Set.copyOf(dependencies);
  }

  public boolean bridged() {
    return mode == Mode.BRIDGED;
  }
}
