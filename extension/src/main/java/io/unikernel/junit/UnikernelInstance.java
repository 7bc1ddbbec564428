package io.unikernel.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code @UnikernelInstance} declares a unikernel instance that the extension boots, waits for and
 * injects; it is the user manual of this library.
 *
 * <h2>Injection</h2>
 *
 * <p>Annotate a non-final field of type {@link Unikernel}, {@link java.net.InetSocketAddress},
 * {@link java.net.URI} ({@code http://ip:port}) or {@link String} ({@code ip:port}) in a class
 * annotated with {@link UnikernelTest @UnikernelTest}. A test method or lifecycle method parameter
 * of one of those types annotated with {@code @UnikernelInstance(name = "server")} (no {@code
 * image}) receives the instance of that name declared by a field.
 *
 * <h2>Scope</h2>
 *
 * <p>A {@code static} field's instance boots once before the class's {@code @BeforeAll} methods and
 * stops after its {@code @AfterAll} methods; {@code @Nested} classes share it. An instance field's
 * instance boots fresh for each test and stops after it.
 *
 * <h2>Networking</h2>
 *
 * <p>{@link Mode#USERMODE} (the default) forwards {@link #port()} from a free port on {@code
 * 127.0.0.1}. {@link Mode#BRIDGED} gives the instance a tap ({@link #tap()}) on a bridge and a
 * static address ({@link #ip()}); by default the bridge ({@value #BRIDGE_NAME_DEFAULT}, {@value
 * #BRIDGE_CIDR_DEFAULT}) and the taps are made in a network namespace of the test class's own, so
 * classes never collide and the host's network is never touched. Tests reach bridged instances
 * through {@link Unikernel#http()} and {@link Unikernel#socketFactory()}.
 *
 * <h2>Readiness</h2>
 *
 * <p>An instance with a {@link #port()} is ready when its application accepts connections on that
 * port from the instance's network, and, if {@link #ready()} is set, a console line matched it. An
 * instance without a port is ready when its program has started (or {@link #ready()} matched).
 * Referencing another instance in {@link #args()} or {@link #env()} with {@code ${name.ip}}, {@code
 * ${name.port}} or {@code ${name.address}} boots that instance first and waits until it is ready.
 *
 * <h2>Clean Up</h2>
 *
 * <p>After the scope ends, instances stop in reverse boot order (QMP {@code quit}, then SIGTERM,
 * then SIGKILL), then taps, bridge, namespace and temporary files are removed, also when a boot or
 * a test failed. QEMU is started with a parent-death signal, so it dies with the JVM.
 *
 * <h2>Failure</h2>
 *
 * <p>A boot failure throws {@link UnikernelLaunchException} with the tail of the console; each
 * instance's full console is in {@code target/unikernel/<test class>/<name>.log}.
 *
 * <h2>Configuration</h2>
 *
 * <p>JUnit Platform configuration parameters ({@code junit-platform.properties} or {@code -D}):
 * {@value #ACCEL}, {@value #KERNEL}, {@value #KERNEL_MODULES}, {@value #BUSYBOX}, {@value #QEMU},
 * {@value #LOGS_DIR}, {@value #CACHE_DIR}, {@value #BRIDGE_NAME}, {@value #BRIDGE_CIDR}, {@value
 * #MEMORY}, {@value #RUNTIME}, {@value #ISOLATION}, {@value #MISSING_PRIVILEGES}.
 *
 * @since 0.1
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UnikernelInstance {

  /**
   * Accelerator: {@code auto} (default: KVM only if usable, else TCG), {@code kvm} or {@code tcg}.
   */
  String ACCEL = "unikernel.accel";

  /** Path of the guest Linux kernel; default: the one {@code ci/setup} put in the cache. */
  String KERNEL = "unikernel.kernel";

  /** Directory of the guest kernel's modules; default: next to the cached kernel. */
  String KERNEL_MODULES = "unikernel.kernel.modules";

  /** Path of a static busybox used as the guest's init; default {@code /bin/busybox}. */
  String BUSYBOX = "unikernel.busybox";

  /** QEMU executable; default {@code qemu-system-x86_64}. */
  String QEMU = "unikernel.qemu";

  /** Where console logs go; default {@code target/unikernel}. */
  String LOGS_DIR = "unikernel.logs.dir";

  /** Cache of guest kernels and initramfs images; default {@code ~/.cache/unikernel-junit}. */
  String CACHE_DIR = "unikernel.cache.dir";

  /** Bridge name for bridged instances. */
  String BRIDGE_NAME = "unikernel.bridge.name";

  /** Default of {@link #BRIDGE_NAME}, as in {@code ops}. */
  String BRIDGE_NAME_DEFAULT = "br0";

  /** Bridge address and prefix; guests' addresses must lie in this subnet. */
  String BRIDGE_CIDR = "unikernel.bridge.cidr";

  /** Default of {@link #BRIDGE_CIDR}. */
  String BRIDGE_CIDR_DEFAULT = "192.168.42.1/24";

  /** Guest memory in MiB when {@link #memory()} is not set. */
  String MEMORY = "unikernel.memory.default";

  /**
   * Runtime when {@link #runtime()} is not set: {@code qemu} (default; the extension runs QEMU
   * itself) or {@code ops} (the {@code ops run} command line).
   */
  String RUNTIME = "unikernel.runtime";

  /**
   * What a class with bridged instances does on a host that cannot make taps and namespaces (not
   * root): {@code fail} (default) or {@code skip}. Usermode classes run either way.
   */
  String MISSING_PRIVILEGES = "unikernel.missingPrivileges";

  /** The {@code ops} executable for instances with runtime {@code ops}; default {@code ops}. */
  String OPS_EXECUTABLE = "unikernel.ops.executable";

  /** {@code OPS_HOME} for {@code ops} (where its images live); default: ops' own default. */
  String OPS_HOME = "unikernel.ops.home";

  /**
   * What a class with {@code ops} instances does on a host without {@code ops}: {@code fail}
   * (default) or {@code skip}.
   */
  String MISSING_RUNTIME = "unikernel.missingRuntime";

  /** Where bridged networks live: {@code netns} (default, a namespace per class). */
  String ISOLATION = "unikernel.isolation";

  /**
   * Path of the program to run: a static x86-64 ELF, relative to the working directory (Maven: the
   * module). Required on fields; left empty on parameters, which refer to a field's instance by
   * {@link #name()}.
   */
  String image() default "";

  /** Instance name, used in placeholders, logs and errors; default: the field name. */
  String name() default "";

  /** Networking mode; default {@link Mode#USERMODE}. */
  Mode mode() default Mode.USERMODE;

  /** Guest TCP port to expose and wait on (1-65535); {@code 0} = none. */
  int port() default 0;

  /**
   * Host port on {@code 127.0.0.1} to forward {@link #port()} from (USERMODE only); {@code 0} (the
   * default) picks a free one. A fixed port that is taken fails the boot, naming the process that
   * holds it.
   */
  int hostPort() default 0;

  /** Tap name (BRIDGED only, at most 15 characters); empty = allocated. */
  String tap() default "";

  /** Static IPv4 address (BRIDGED only), inside the bridge subnet; empty = allocated. */
  String ip() default "";

  /** Default gateway (BRIDGED only); empty = none. */
  String gateway() default "";

  /** Netmask (BRIDGED only), e.g. {@code 255.255.255.0}; empty = the bridge subnet's. */
  String netmask() default "";

  /** Program arguments, one element each; placeholders allowed. */
  String[] args() default {};

  /** Environment, {@code KEY=VALUE} each; placeholders allowed in values. */
  String[] env() default {};

  /** A regex that a console line must match before the instance counts as ready. */
  String ready() default "";

  /** Seconds to wait for the instance to be ready. */
  long startupTimeout() default 120;

  /** Guest memory in MiB; {@code 0} = {@value #MEMORY} or 128. */
  int memory() default 0;

  /**
   * Runtime: {@code qemu} or {@code ops}; empty = {@value #RUNTIME} or {@code qemu}. With {@code
   * ops}, {@link #image()} is what {@code ops run} takes (a program or an ops image name) and the
   * instance is started as {@code ops run image -p port -b -t tap --ip-address ip ...}.
   */
  String runtime() default "";
}
