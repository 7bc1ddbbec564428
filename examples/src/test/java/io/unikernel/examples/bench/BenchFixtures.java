package io.unikernel.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.Mode;
import io.unikernel.junit.Unikernel;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.UnikernelTest;
import io.unikernel.junit.internal.boot.RunningInstance;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The classes {@link BootBenchmark} runs through the JUnit Platform: ordinary
 * {@code @UnikernelTest} classes, each booting the reference server once or several times. Their
 * one test records what the benchmark needs of every instance while it runs (the instance itself,
 * for its {@code BootTimings}, QEMU's pid, resident memory and argv) and checks that each server
 * answers {@code /hello}. They are nested classes of a class whose name does not end in {@code
 * Test}, so the normal test suite never runs them.
 */
final class BenchFixtures {

  static final String SERVER = "target/guest/server";

  /** What the last run of each fixture class recorded. */
  static final Map<Class<?>, List<Sample>> SAMPLES = new ConcurrentHashMap<>();

  private BenchFixtures() {}

  /**
   * One running instance, seen from its fixture's test.
   *
   * @param sampledAt {@link System#nanoTime()} when the test began: every instance of the class was
   *     ready then
   * @param rssKiB QEMU's resident memory ({@code VmRSS}) after the instance answered
   * @param argv QEMU's argv, read from {@code /proc/<pid>/cmdline}
   */
  record Sample(
      RunningInstance instance, long sampledAt, long pid, long rssKiB, List<String> argv) {}

  /** Records every {@code Unikernel} of the concrete class, then asks each for {@code /hello}. */
  @UnikernelTest
  abstract static class Fixture {

    @Test
    void everyServerAnswers() throws Exception {
      long sampledAt = System.nanoTime();
      List<Sample> samples = new ArrayList<>();
      for (Field field : getClass().getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) || field.getType() != Unikernel.class) {
          continue;
        }
        field.setAccessible(true);
        RunningInstance instance = (RunningInstance) field.get(null);
        Request request = new Request.Builder().url(instance.url("/hello")).build();
        try (Response response = instance.http().newCall(request).execute()) {
          assertThat(response.body().string()).isEqualTo("hello test 2\n");
        }
        long pid = instance.pid();
        samples.add(new Sample(instance, sampledAt, pid, rssKiB(pid), argv(pid)));
      }
      assertThat(samples).isNotEmpty();
      SAMPLES.put(getClass(), List.copyOf(samples));
    }

    private static long rssKiB(long pid) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    private static List<String> argv(long pid) throws IOException {
      String cmdline =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8);
      return Arrays.asList(cmdline.split("\0"));
    }
  }

  /** The reference server exactly as in HelloHeadersTest and ci/bench-baseline. */
  static class ReferenceServer extends Fixture {
    @UnikernelInstance(
        image = SERVER,
        mode = Mode.BRIDGED,
        port = 8081,
        tap = "tap0",
        ip = "192.168.42.19",
        startupTimeout = 90)
    static Unikernel server;
  }

  // One server per class, for concurrent boots: eight classes, each with its own namespace.

  static class Solo0 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo1 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo2 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo3 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo4 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo5 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo6 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static class Solo7 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel server;
  }

  static final List<Class<? extends Fixture>> SOLOS =
      List.of(
          Solo0.class,
          Solo1.class,
          Solo2.class,
          Solo3.class,
          Solo4.class,
          Solo5.class,
          Solo6.class,
          Solo7.class);

  // Several independent servers in one class, booted one after the other by the extension;
  // taps and addresses are allocated (tap0, tap1, ...; 192.168.42.2, .3, ...).

  static class Fleet2 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s0;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s1;
  }

  static class Fleet4 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s0;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s1;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s2;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s3;
  }

  static class Fleet8 extends Fixture {
    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s0;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s1;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s2;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s3;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s4;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s5;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s6;

    @UnikernelInstance(image = SERVER, mode = Mode.BRIDGED, port = 8081, startupTimeout = 90)
    static Unikernel s7;
  }

  /** The class that boots {@code n} servers one after the other. */
  static Class<? extends Fixture> fleet(int n) {
    return switch (n) {
      case 1 -> Solo0.class;
      case 2 -> Fleet2.class;
      case 4 -> Fleet4.class;
      case 8 -> Fleet8.class;
      default -> throw new IllegalArgumentException("no fixture with " + n + " instances");
    };
  }
}
