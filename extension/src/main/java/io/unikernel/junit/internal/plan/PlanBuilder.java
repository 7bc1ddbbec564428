package io.unikernel.junit.internal.plan;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.image.GuestImage;
import io.unikernel.junit.internal.net.InterfaceNames;
import io.unikernel.junit.internal.net.Ipv4Address;
import io.unikernel.junit.internal.net.Ipv4Subnet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * {@code PlanBuilder} validates the declarations of one scope and orders their boot. It reports
 * every problem of the scope in one {@link ExtensionConfigurationException}, before anything is
 * provisioned, so a user fixes all of them in one round.
 */
public final class PlanBuilder {

  /** The field types the extension can inject. */
  public static final List<Class<?>> INJECTABLE_TYPES =
      List.of(Unikernel.class, InetSocketAddress.class, URI.class, String.class);

  /** Checks that an image can be booted; returns the problem, if any. */
  @FunctionalInterface
  public interface ImageCheck {
    Optional<String> problem(Path image);
  }

  private static final String ANNOTATION = "@" + UnikernelInstance.class.getSimpleName();
  private static final Set<String> RUNTIMES = Set.of("qemu", "ops");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final long MAX_STARTUP_SECONDS = 86_400;
  private static final int MIN_MEMORY_MIB = 64;

  private final NetworkSettings network;
  private final int defaultMemoryMiB;
  private final String defaultRuntime;
  private final Path baseDir;
  private final ImageCheck imageCheck;
  private final Map<String, InstanceSpec> outerScope;

  /**
   * @param outerScope instances already planned in an enclosing scope (the class's static instances
   *     when planning a test's instance fields); they may be referenced, and their names, taps and
   *     IPs are taken
   */
  public PlanBuilder(
      NetworkSettings network,
      int defaultMemoryMiB,
      String defaultRuntime,
      Path baseDir,
      ImageCheck imageCheck,
      List<InstanceSpec> outerScope) {
    this.network = network;
    this.defaultMemoryMiB = defaultMemoryMiB;
    this.defaultRuntime = defaultRuntime;
    this.baseDir = baseDir;
    this.imageCheck = imageCheck;
    this.outerScope = new LinkedHashMap<>();
    outerScope.forEach(spec -> this.outerScope.put(spec.name(), spec));
  }

  /**
   * Validates and orders {@code declarations}.
   *
   * @param owner the scope's class, named in the error
   * @throws ExtensionConfigurationException listing every problem found
   */
  public ClassPlan build(Class<?> owner, List<Declaration> declarations) {
    Problems problems = new Problems();
    Map<String, Declaration> byName = new LinkedHashMap<>();
    List<Declaration> references = new ArrayList<>();
    for (Declaration declaration : declarations) {
      checkField(declaration, problems);
      if (declaration.isReference()) {
        references.add(declaration);
        continue;
      }
      String name = declaration.instanceName();
      Declaration previous = byName.putIfAbsent(name, declaration);
      if (previous != null || outerScope.containsKey(name)) {
        problems.add(
            declaration,
            "name",
            name,
            "the name is already used by "
                + (previous != null ? previous.where() : outerScope.get(name).declaredAt()),
            "give each instance its own name");
      }
    }
    for (Declaration reference : references) {
      String name = reference.instanceName();
      if (!byName.containsKey(name) && !outerScope.containsKey(name)) {
        problems.add(
            reference,
            "name",
            name,
            "no instance of that name is declared with an image",
            "declare it on another field with image = \"...\", or set image here");
      }
    }
    declarations = new ArrayList<>(byName.values());
    Allocator allocator = new Allocator(declarations);
    List<InstanceSpec> specs = new ArrayList<>();
    for (Declaration declaration : byName.values()) {
      specs.add(toSpec(declaration, byName, allocator, problems));
    }
    List<InstanceSpec> ordered = problems.isEmpty() ? BootOrder.sort(specs, problems) : specs;
    problems.throwIfAny(owner);
    return new ClassPlan(ordered);
  }

  private void checkField(Declaration declaration, Problems problems) {
    if (declaration.isFinal()) {
      problems.add(
          declaration.where()
              + " must not be declared final: the extension assigns it; remove"
              + " the final modifier");
    }
    if (!INJECTABLE_TYPES.contains(declaration.type())) {
      problems.add(
          declaration.where()
              + " has unsupported type ["
              + declaration.type().getName()
              + "]; declare it as one of "
              + INJECTABLE_TYPES.stream().map(Class::getName).collect(Collectors.joining(", ")));
    }
  }

  private InstanceSpec toSpec(
      Declaration declaration,
      Map<String, Declaration> scope,
      Allocator allocator,
      Problems problems) {
    UnikernelInstance a = declaration.annotation();
    Path image = checkImage(declaration, problems);
    if (a.port() < 0 || a.port() > 65535) {
      problems.add(
          declaration,
          "port",
          String.valueOf(a.port()),
          "a TCP port is 1-65535",
          "set a port in that range, or leave it out (0) for none");
    }
    checkHostPort(declaration, problems);
    String tap = "";
    Ipv4Address ip = null;
    Ipv4Address gateway = null;
    int prefix = 0;
    if (a.mode() == Mode.BRIDGED) {
      tap = a.tap().isEmpty() ? allocator.nextTap() : checkTap(declaration, allocator, problems);
      prefix = checkNetmask(declaration, problems);
      ip = a.ip().isEmpty() ? allocator.nextIp() : checkIp(declaration, allocator, problems);
      if (ip == null && a.ip().isEmpty()) {
        problems.add(
            declaration,
            "ip",
            "",
            "no free address left in " + network.subnet(),
            "use a larger subnet (" + UnikernelInstance.BRIDGE_CIDR + ")");
      }
      gateway = a.gateway().isEmpty() ? null : checkGateway(declaration, problems);
    } else {
      refuseBridgedOnly(declaration, "tap", a.tap(), problems);
      refuseBridgedOnly(declaration, "ip", a.ip(), problems);
      refuseBridgedOnly(declaration, "gateway", a.gateway(), problems);
      refuseBridgedOnly(declaration, "netmask", a.netmask(), problems);
    }
    List<String> env = List.of(a.env());
    for (String entry : env) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || !ENV_NAME.matcher(entry.substring(0, eq)).matches()) {
        problems.add(
            declaration,
            "env",
            entry,
            "an entry must read KEY=VALUE, KEY made of letters, digits and '_'",
            "write e.g. \"MODE=test\"");
      }
    }
    for (String value : concat(a.args(), a.env())) {
      if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
        problems.add(
            declaration,
            "args/env",
            value.replace("\n", "\\n").replace("\0", "\\0"),
            "contains a newline or NUL, which cannot reach the guest",
            "pass it as separate arguments");
      }
    }
    if (!NAME.matcher(declaration.instanceName()).matches()) {
      problems.add(
          declaration,
          "name",
          declaration.instanceName(),
          "a name is used in placeholders, log files and QEMU's command line",
          "use 1-32 letters, digits, '_' or '-'");
    }
    Pattern ready = null;
    if (!a.ready().isEmpty()) {
      try {
        ready = Pattern.compile(a.ready());
      } catch (PatternSyntaxException e) {
        problems.add(
            declaration,
            "ready",
            a.ready(),
            "not a valid regex (" + e.getDescription() + ")",
            "fix the regular expression");
      }
    }
    if (a.startupTimeout() <= 0 || a.startupTimeout() > MAX_STARTUP_SECONDS) {
      problems.add(
          declaration,
          "startupTimeout",
          String.valueOf(a.startupTimeout()),
          "must be 1 to " + MAX_STARTUP_SECONDS + " seconds",
          "give the seconds to wait, e.g. 120");
    }
    if (a.memory() != 0 && a.memory() < MIN_MEMORY_MIB) {
      problems.add(
          declaration,
          "memory",
          String.valueOf(a.memory()),
          "the guest kernel needs at least " + MIN_MEMORY_MIB + " MiB",
          "give MiB, e.g. 256, or leave it out");
    }
    if (!a.runtime().isEmpty() && !RUNTIMES.contains(a.runtime())) {
      problems.add(
          declaration,
          "runtime",
          a.runtime(),
          "unknown runtime",
          "use one of " + RUNTIMES + " or leave it empty");
    }
    Set<String> dependencies = checkPlaceholders(declaration, scope, problems);
    return new InstanceSpec(
        declaration.instanceName(),
        declaration.where(),
        image,
        a.mode(),
        a.port(),
        a.hostPort(),
        tap,
        ip,
        prefix,
        gateway,
        List.of(a.args()),
        env,
        ready,
        Duration.ofSeconds(Math.max(1, a.startupTimeout())),
        a.memory() > 0 ? a.memory() : defaultMemoryMiB,
        a.runtime().isEmpty() ? defaultRuntime : a.runtime(),
        dependencies,
        a);
  }

  private void checkHostPort(Declaration declaration, Problems problems) {
    UnikernelInstance a = declaration.annotation();
    if (a.hostPort() == 0) {
      return;
    }
    String value = String.valueOf(a.hostPort());
    if (a.hostPort() < 0 || a.hostPort() > 65535) {
      problems.add(
          declaration,
          "hostPort",
          value,
          "a TCP port is 1-65535",
          "set a port in that range, or leave it 0 for a free one");
    } else if (a.runtime().equals("ops")
        || (a.runtime().isEmpty() && defaultRuntime.equals("ops"))) {
      problems.add(
          declaration,
          "hostPort",
          value,
          "ops forwards the guest port from the same port number on every interface",
          "remove hostPort");
    } else if (a.mode() == Mode.BRIDGED) {
      problems.add(
          declaration,
          "hostPort",
          value,
          "only usermode instances forward a host port; bridged ones are reached at their ip",
          "remove hostPort");
    } else if (a.port() == 0) {
      problems.add(
          declaration,
          "hostPort",
          value,
          "there is no guest port to forward to",
          "set port to the guest's port as well");
    }
  }

  private Path checkImage(Declaration declaration, Problems problems) {
    String image = declaration.annotation().image();
    if (image.isBlank()) {
      problems.add(
          declaration,
          "image",
          image,
          "an instance needs an image",
          "set image to the path of a static x86-64 program, e.g. image = \"target/guest/server\"");
      return null;
    }
    Path path = baseDir.resolve(image).normalize();
    String runtime = declaration.annotation().runtime();
    if ((runtime.isEmpty() ? defaultRuntime : runtime).equals("ops")) {
      // ops takes programs (static or not) and its own image names; it reports what it lacks.
      return path;
    }
    UnikernelInstance a = declaration.annotation();
    if (GuestImage.locate(path, null).disk() && (a.args().length > 0 || a.env().length > 0)) {
      problems.add(
          declaration,
          "image",
          image,
          "is a disk image, whose arguments and environment are baked into it (for ops, its"
              + " manifest), so args and env cannot reach it",
          "remove args and env, or boot the program itself");
    }
    imageCheck
        .problem(path)
        .ifPresent(
            problem ->
                problems.add(
                    declaration,
                    "image",
                    image,
                    problem + " (resolved to " + path.toAbsolutePath() + ")",
                    "build it first, statically linked (Go: CGO_ENABLED=0)"));
    return path;
  }

  private void refuseBridgedOnly(
      Declaration declaration, String attribute, String value, Problems problems) {
    if (!value.isEmpty()) {
      problems.add(
          declaration,
          attribute,
          value,
          "only bridged instances have one; this instance is USERMODE",
          "add mode = Mode.BRIDGED, or remove " + attribute);
    }
  }

  private String checkTap(Declaration declaration, Allocator allocator, Problems problems) {
    String tap = declaration.annotation().tap();
    Optional<String> problem = InterfaceNames.problem(tap);
    if (problem.isPresent()) {
      problems.add(declaration, "tap", tap, problem.get(), InterfaceNames.HINT);
    } else if (tap.equals(network.bridgeName()) || tap.equals("lo")) {
      problems.add(
          declaration,
          "tap",
          tap,
          "is the name of the class's " + (tap.equals("lo") ? "loopback" : "bridge"),
          "choose another name, e.g. tap0");
    } else if (!allocator.takeTap(tap)) {
      problems.add(
          declaration, "tap", tap, "another instance uses this tap", "give each instance its own");
    }
    return tap;
  }

  private int checkNetmask(Declaration declaration, Problems problems) {
    String netmask = declaration.annotation().netmask();
    if (netmask.isEmpty()) {
      return network.subnet().prefixLength();
    }
    try {
      return Ipv4Subnet.prefixFromNetmask(netmask);
    } catch (IllegalArgumentException e) {
      problems.add(declaration, "netmask", netmask, e.getMessage(), "write e.g. 255.255.255.0");
      return network.subnet().prefixLength();
    }
  }

  private Ipv4Address checkIp(Declaration declaration, Allocator allocator, Problems problems) {
    String text = declaration.annotation().ip();
    Ipv4Address ip = parse(declaration, "ip", text, problems);
    if (ip == null) {
      return null;
    }
    Ipv4Subnet subnet = network.subnet();
    String fix = "pick a free address inside " + subnet + ", or leave ip empty to get one";
    if (!subnet.contains(ip)) {
      problems.add(
          declaration, "ip", text, "outside the bridge subnet " + subnet + " (" + bridgeKey(), fix);
    } else if (ip.equals(subnet.network())) {
      problems.add(declaration, "ip", text, "is the network address of " + subnet, fix);
    } else if (ip.equals(subnet.broadcast())) {
      problems.add(declaration, "ip", text, "is the broadcast address of " + subnet, fix);
    } else if (ip.equals(network.bridgeAddress())) {
      problems.add(declaration, "ip", text, "is the bridge's own address", fix);
    } else if (!allocator.takeIp(ip)) {
      problems.add(declaration, "ip", text, "another instance uses this address", fix);
    }
    return ip;
  }

  private Ipv4Address checkGateway(Declaration declaration, Problems problems) {
    String text = declaration.annotation().gateway();
    Ipv4Address gateway = parse(declaration, "gateway", text, problems);
    Ipv4Subnet subnet = network.subnet();
    if (gateway != null && !subnet.contains(gateway)) {
      problems.add(
          declaration,
          "gateway",
          text,
          "outside the bridge subnet " + subnet,
          "use an address inside it (the bridge is " + network.bridgeAddress() + ")");
    } else if (gateway != null
        && (gateway.equals(subnet.network()) || gateway.equals(subnet.broadcast()))) {
      problems.add(
          declaration,
          "gateway",
          text,
          "is the network or broadcast address of " + subnet,
          "use a host address (the bridge is " + network.bridgeAddress() + ")");
    }
    return gateway;
  }

  private String bridgeKey() {
    return "set by " + UnikernelInstance.BRIDGE_CIDR + ")";
  }

  private static Ipv4Address parse(
      Declaration declaration, String attribute, String text, Problems problems) {
    try {
      return Ipv4Address.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(
          declaration,
          attribute,
          text,
          "not an IPv4 address",
          "write four numbers 0-255 separated by dots, e.g. 192.168.42.19");
      return null;
    }
  }

  private Set<String> checkPlaceholders(
      Declaration declaration, Map<String, Declaration> scope, Problems problems) {
    Set<String> dependencies = new LinkedHashSet<>();
    for (String value : concat(declaration.annotation().args(), declaration.annotation().env())) {
      for (String bad : Placeholders.malformed(value)) {
        problems.add(
            declaration,
            "args/env",
            bad,
            "not a placeholder",
            "write ${name.ip}, ${name.port} or ${name.address}");
      }
      for (Placeholders.Reference ref : Placeholders.find(value)) {
        Optional<String> problem = referenceProblem(declaration, ref, scope);
        if (problem.isPresent()) {
          problems.add(declaration, "args/env", ref.text(), problem.get(), "");
        } else if (scope.containsKey(ref.instance())) {
          // Instances of an enclosing scope are already running; only this scope's order boots.
          dependencies.add(ref.instance());
        }
      }
    }
    return dependencies;
  }

  /** Returns why {@code ref} cannot work (reason and fix), or empty. */
  private Optional<String> referenceProblem(
      Declaration declaration, Placeholders.Reference ref, Map<String, Declaration> scope) {
    Declaration inScope = scope.get(ref.instance());
    InstanceSpec outer = outerScope.get(ref.instance());
    if (inScope == null && outer == null) {
      return Optional.of(
          "no instance named \""
              + ref.instance()
              + "\" in this class; use one of "
              + knownNames(scope.keySet()));
    }
    if (!Placeholders.ATTRIBUTES.contains(ref.attribute())) {
      return Optional.of(
          "unknown attribute \""
              + ref.attribute()
              + "\"; use ${name.ip}, ${name.port} or"
              + " ${name.address}");
    }
    if (ref.instance().equals(declaration.instanceName())) {
      return Optional.of("an instance cannot refer to itself; refer to another instance");
    }
    Mode targetMode = inScope != null ? inScope.annotation().mode() : outer.mode();
    int targetPort = inScope != null ? inScope.annotation().port() : outer.port();
    if (targetMode != declaration.annotation().mode()) {
      // A usermode guest's connections leave through the host's own network, where a bridged
      // guest's address does not exist; a bridged guest cannot reach QEMU's user-mode gateway.
      return Optional.of(
          "\""
              + ref.instance()
              + "\" is "
              + targetMode
              + " but this instance is "
              + declaration.annotation().mode()
              + ", and the two cannot reach each other; use the"
              + " same mode for both");
    }
    if (!ref.attribute().equals("ip") && targetPort == 0) {
      return Optional.of(
          "\""
              + ref.instance()
              + "\" declares no port; set its port, or refer to ${"
              + ref.instance()
              + ".ip}");
    }
    return Optional.empty();
  }

  private static List<String> concat(String[] first, String[] second) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    return all;
  }

  private Set<String> knownNames(Set<String> scopeNames) {
    Set<String> names = new LinkedHashSet<>(outerScope.keySet());
    names.addAll(scopeNames);
    return names;
  }

  /**
   * {@code Allocator} hands out taps and IPs that no other instance of the scope or of an outer
   * scope uses, skipping values that a declaration asks for explicitly, whatever its order.
   */
  private final class Allocator {
    private final Set<String> taps = new HashSet<>();
    private final Set<Ipv4Address> ips = new HashSet<>();
    private final Set<String> requestedTaps = new HashSet<>();
    private final Set<String> requestedIps = new HashSet<>();

    Allocator(List<Declaration> declarations) {
      for (InstanceSpec outer : outerScope.values()) {
        if (outer.bridged()) {
          taps.add(outer.tap());
          ips.add(outer.ip());
        }
      }
      for (Declaration declaration : declarations) {
        requestedTaps.add(declaration.annotation().tap());
        requestedIps.add(declaration.annotation().ip());
      }
    }

    boolean takeTap(String tap) {
      return taps.add(tap);
    }

    boolean takeIp(Ipv4Address ip) {
      return ips.add(ip);
    }

    String nextTap() {
      for (int i = 0; ; i++) {
        String candidate = "tap" + i;
        if (!requestedTaps.contains(candidate) && taps.add(candidate)) {
          return candidate;
        }
      }
    }

    /** Returns a free host address, or {@code null} when the subnet is full. */
    Ipv4Address nextIp() {
      Ipv4Subnet subnet = network.subnet();
      int hosts = (1 << (32 - subnet.prefixLength())) - 2;
      for (int index = 1; index <= hosts; index++) {
        Ipv4Address candidate = subnet.host(index);
        if (!candidate.equals(network.bridgeAddress())
            && !requestedIps.contains(candidate.toString())
            && ips.add(candidate)) {
          return candidate;
        }
      }
      return null;
    }
  }
}
