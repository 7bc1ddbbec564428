package io.unikernel.examples.bench;

import io.unikernel.examples.bench.BenchFixtures.Fixture;
import io.unikernel.examples.bench.BenchFixtures.Sample;
import io.unikernel.junit.UnikernelInstance;
import io.unikernel.junit.internal.boot.BootTimings;
import io.unikernel.junit.internal.image.GuestKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code BootBenchmark} measures where an instance's boot time goes, how the extension compares
 * with a plain shell script doing the same work, and how boot time and memory grow with the number
 * of instances. {@code ci/bench} runs it; it is a {@code main} program, not a test, and its name
 * does not end in {@code Test}, so the test suite never runs it. Speed is reported here, never
 * asserted anywhere.
 *
 * <p>It runs the fixture classes of {@link BenchFixtures} through the JUnit Platform ({@link
 * EngineTestKit}), exactly as a user's test classes run, and reads each instance's {@code
 * BootTimings} (an internal API) afterwards.
 *
 * <p>System properties: {@code bench.runs} (default 5), {@code bench.scale.runs} (default 1),
 * {@code bench.sizes} (default {@code 1,2,4,8}), {@code bench.baseline} (path of {@code
 * ci/bench-baseline}; empty skips it), {@code bench.out} (default {@code target/bench}), {@code
 * bench.timeout.minutes} (default 20: no new step starts after that).
 */
public final class BootBenchmark {

  private static final String ENGINE = "junit-jupiter";
  private static final Duration BASELINE_TIMEOUT = Duration.ofMinutes(3);
  private static final int MAX_RUNS = 100;
  private static final int MAX_ATTEMPTS = 3;

  /** Held so that the logging level stays set (loggers are weakly referenced). */
  private static final Logger EXTENSION_LOG = Logger.getLogger("io.unikernel");

  private final int runs;
  private final int scaleRuns;
  private final List<Integer> sizes;
  private final Path baselineScript;
  private final Path out;
  private final long deadline;
  private final Path defaultCache = GuestKernel.defaultCacheDir();
  private final Map<String, String> kernelParameters = new HashMap<>();
  private final List<Metric> metrics = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String accelerator = "?";
  private final String loadAtStart = loadAverage();

  private BootBenchmark() {
    runs = bounded("bench.runs", 5);
    scaleRuns = bounded("bench.scale.runs", 1);
    sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1,2,4,8").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Integer::valueOf)
            .toList();
    for (int size : sizes) {
      BenchFixtures.fleet(size); // fails early on a size without a fixture
    }
    String baseline = System.getProperty("bench.baseline", "");
    baselineScript = baseline.isBlank() ? null : Path.of(baseline).toAbsolutePath();
    out = Path.of(System.getProperty("bench.out", "target/bench"));
    deadline =
        System.nanoTime()
            + TimeUnit.MINUTES.toNanos(Long.getLong("bench.timeout.minutes", 20L).longValue());
  }

  private static int bounded(String property, int defaultValue) {
    int value = Integer.getInteger(property, defaultValue);
    if (value < 1 || value > MAX_RUNS) {
      throw new IllegalArgumentException(property + " must be 1.." + MAX_RUNS + ", is " + value);
    }
    return value;
  }

  public static void main(String[] args) throws Exception {
    EXTENSION_LOG.setLevel(Level.WARNING); // one "ready" line per boot would drown the progress
    System.setProperty("unikernel.timings.qmp", "true"); // see BootClock
    new BootBenchmark().run();
  }

  private void run() throws IOException {
    Files.createDirectories(out);
    // ci/bench looks for QEMUs and run directories named after this pid once the JVM has gone.
    Files.writeString(out.resolve("harness.pid"), Long.toString(ProcessHandle.current().pid()));
    Path kernelDir = defaultCache.resolve("kernel/current");
    kernelParameters.put(UnikernelInstance.KERNEL, kernelDir.resolve("vmlinuz").toString());
    kernelParameters.put(UnikernelInstance.KERNEL_MODULES, kernelDir.resolve("modules").toString());
    kernelParameters.put(UnikernelInstance.LOGS_DIR, out.resolve("logs").toString());

    progress("warm-up: one boot of the reference server (JIT, and the cached initramfs)");
    Sample warm =
        retrying(
            "warm-up",
            () -> single(execute(List.of(BenchFixtures.ReferenceServer.class), Map.of())));
    List<String> extensionArgv = warm.argv();
    accelerator = argAfter(extensionArgv, "-accel");
    perInstance(extensionArgv);
    scale();
    report();
  }

  // --- per instance: extension and shell baseline ------------------------------------------

  private void perInstance(List<String> extensionArgv) throws IOException {
    Map<String, List<Double>> ext = new LinkedHashMap<>();
    Map<String, List<Double>> base = new LinkedHashMap<>();
    Path coldCache = out.resolve("cold-cache");
    String initrd = argAfter(extensionArgv, "-initrd");
    try {
      for (int run = 1; run <= runs && inTime(); run++) {
        measure(run, ext, base, coldCache, initrd, extensionArgv);
      }
    } finally {
      deleteRecursively(coldCache);
    }
    addPerInstanceMetrics(ext, base);
  }

  private void measure(
      int run,
      Map<String, List<Double>> ext,
      Map<String, List<Double>> base,
      Path coldCache,
      String initrd,
      List<String> extensionArgv)
      throws IOException {
    // Cold: an empty cache, so the initramfs is written; the kernel still comes from ci/setup's.
    deleteRecursively(coldCache);
    progress("run %d/%d: extension, cold image cache", run, runs);
    Map<String, String> cold = Map.of(UnikernelInstance.CACHE_DIR, coldCache.toString());
    BootTimings coldTimings =
        retrying(
                "cold run " + run,
                () -> single(execute(List.of(BenchFixtures.ReferenceServer.class), cold)))
            .instance()
            .timings();
    add(ext, "image-cold", coldTimings.image());
    deleteRecursively(coldCache);

    progress("run %d/%d: extension, cached image", run, runs);
    Timed cached =
        retrying(
            "cached run " + run,
            () -> timed(List.of(BenchFixtures.ReferenceServer.class), Map.of()));
    Sample sample = single(cached.samples());
    BootTimings t = sample.instance().timings();
    add(ext, "network", t.classNetwork().plus(t.tap()));
    add(ext, "namespace", t.classNetwork());
    add(ext, "tap", t.tap());
    add(ext, "image-cached", t.image());
    add(ext, "qmp", t.spawnToQmp());
    add(ext, "init", t.spawnToInit());
    add(ext, "ready", t.initToReady());
    add(ext, "boot-to-ready", t.classNetwork().plus(t.bootToReady()));
    add(ext, "host-side", t.classNetwork().plus(t.bootToReady()).minus(t.spawnToInit()));
    add(ext, "teardown", t.teardown().plus(t.classNetworkTeardown()));
    ext.computeIfAbsent("wall", k -> new ArrayList<>()).add(cached.totalMillis());
    ext.computeIfAbsent("rss", k -> new ArrayList<>()).add(sample.rssKiB() / 1024.0);

    if (baselineScript != null) {
      progress("run %d/%d: shell baseline (ci/bench-baseline)", run, runs);
      boolean first = run == 1;
      Map<String, Double> b =
          retrying("baseline run " + run, () -> baseline(initrd, extensionArgv, first));
      // Our metric keys, and the baseline's names for them.
      Map<String, String> names =
          Map.of(
              "network", "network_ms",
              "init", "spawn_to_init_ms",
              "ready", "init_to_ready_ms",
              "boot-to-ready", "boot_to_ready_ms",
              "teardown", "teardown_ms",
              "wall", "total_ms");
      base.computeIfAbsent("host-side", k -> new ArrayList<>())
          .add(b.get("boot_to_ready_ms") - b.get("spawn_to_init_ms"));
      names.forEach(
          (key, name) -> base.computeIfAbsent(key, k -> new ArrayList<>()).add(b.get(name)));
    }
  }

  private void addPerInstanceMetrics(
      Map<String, List<Double>> ext, Map<String, List<Double>> base) {
    String section = "per-instance";
    String[][] rows = {
      {"network", "network set-up (namespace, bridge, tap)", "ms"},
      {"namespace", "  namespace + bridge", "ms"},
      {"tap", "  tap", "ms"},
      {"image-cold", "image preparation, cold cache", "ms"},
      {"image-cached", "image preparation, cached", "ms"},
      {"qmp", "QEMU spawn -> QMP ready", "ms"},
      {"init", "kernel start -> init (spawn -> init line)", "ms"},
      {"ready", "init -> application ready", "ms"},
      {"boot-to-ready", "boot-to-ready (network start -> ready)", "ms"},
      {"host-side", "  boot-to-ready minus kernel start -> init", "ms"},
      {"teardown", "teardown (QEMU, tap, bridge, namespace)", "ms"},
      {"wall", "whole run (wall clock)", "ms"},
      {"rss", "QEMU resident memory", "MiB"},
    };
    for (String[] row : rows) {
      metrics.add(
          new Metric(
              section,
              row[0],
              row[1],
              row[2],
              ext.getOrDefault(row[0], List.of()),
              base.getOrDefault(row[0], List.of())));
    }
  }

  private Map<String, Double> baseline(String initrd, List<String> extensionArgv, boolean compare)
      throws IOException {
    Path argvFile = out.resolve("baseline-argv");
    List<String> command =
        List.of(
            "bash",
            baselineScript.toString(),
            "--initrd",
            initrd,
            "--kernel",
            argAfter(extensionArgv, "-kernel"),
            "--accel",
            accelerator,
            "--qemu",
            extensionArgv.get(0),
            "--argv-out",
            argvFile.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(BASELINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        throw new IllegalStateException("ci/bench-baseline took longer than " + BASELINE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("bench-baseline: network_ms="))
            .findFirst()
            .orElseThrow(
                () ->
                    new StepFailed(
                        "ci/bench-baseline failed (exit " + process.exitValue() + "):\n" + output,
                        output.strip().lines().reduce((a, b) -> b).orElse("no output")));
    Map<String, Double> values = new HashMap<>();
    for (String pair : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
      String[] kv = pair.split("=", 2);
      values.put(kv[0], Double.valueOf(kv[1]));
    }
    if (compare) {
      compareArgv(extensionArgv, Files.readString(argvFile));
    }
    Files.deleteIfExists(argvFile);
    return values;
  }

  /** Notes whether the baseline's QEMU argv is the extension's, but for the QMP socket path. */
  private void compareArgv(List<String> extension, String baselineNulSeparated) {
    List<String> baseline = Arrays.asList(baselineNulSeparated.split("\0"));
    if (withoutQmpPath(extension).equals(withoutQmpPath(baseline))) {
      notes.add(
          "The baseline's QEMU argv is the extension's, flag for flag (only the QMP socket's"
              + " temporary path differs): `"
              + String.join(" ", withoutQmpPath(extension))
              + "`");
    } else {
      notes.add(
          "WARNING: the baseline's QEMU argv differs from the extension's: extension `"
              + String.join(" ", extension)
              + "`, baseline `"
              + String.join(" ", baseline)
              + "`");
    }
  }

  private static List<String> withoutQmpPath(List<String> argv) {
    return argv.stream().map(a -> a.startsWith("unix:") ? "unix:<tmp>/qmp.sock,..." : a).toList();
  }

  // --- several instances -------------------------------------------------------------------

  private void scale() throws IOException {
    for (int n : sizes) {
      List<Double> seqReady = new ArrayList<>();
      List<Double> seqTotal = new ArrayList<>();
      List<Double> conReady = new ArrayList<>();
      List<Double> conTotal = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      for (int run = 1; run <= scaleRuns && inTime(); run++) {
        progress("%d instance(s), run %d/%d: one class", n, run, scaleRuns);
        Class<? extends Fixture> fleet = BenchFixtures.fleet(n);
        String what = n + " instance(s), run " + run;
        Timed seq = scaleStep(what + ", sequential", () -> timed(List.of(fleet), Map.of()));
        if (seq == null) {
          continue;
        }
        seqReady.add(seq.allReadyMillis());
        seqTotal.add(seq.totalMillis());
        seq.samples().forEach(s -> rss.add(s.rssKiB() / 1024.0));
        if (n == 1) {
          // One class with one instance: parallel execution has nothing to run in parallel.
          conReady.add(seq.allReadyMillis());
          conTotal.add(seq.totalMillis());
          continue;
        }
        progress("%d instance(s), run %d/%d: %d classes, concurrent boot", n, run, scaleRuns, n);
        Map<String, String> parallel =
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "same_thread",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(n));
        Timed con =
            scaleStep(
                what + ", concurrent", () -> timed(BenchFixtures.SOLOS.subList(0, n), parallel));
        if (con == null) {
          continue;
        }
        conReady.add(con.allReadyMillis());
        conTotal.add(con.totalMillis());
        con.samples().forEach(s -> rss.add(s.rssKiB() / 1024.0));
      }
      String v = Integer.toString(n);
      metrics.add(new Metric("scale", "sequential-ready", v, "ms", seqReady, List.of()));
      metrics.add(new Metric("scale", "sequential-total", v, "ms", seqTotal, List.of()));
      metrics.add(new Metric("scale", "concurrent-ready", v, "ms", conReady, List.of()));
      metrics.add(new Metric("scale", "concurrent-total", v, "ms", conTotal, List.of()));
      metrics.add(new Metric("scale", "rss-per-instance", v, "MiB", rss, List.of()));
    }
  }

  /** Like {@link #retrying}, but a step that keeps failing is skipped: its cell stays empty. */
  private Timed scaleStep(String what, Step<Timed> step) throws IOException {
    try {
      return retrying(what, step);
    } catch (StepFailed e) {
      notes.add(what + ": skipped after " + MAX_ATTEMPTS + " failed attempts");
      return null;
    }
  }

  /**
   * @param allReadyMillis from launching the classes until the last of their instances was ready
   *     (the last fixture test began)
   * @param totalMillis until the JUnit run ended: every instance stopped, every namespace gone
   */
  private record Timed(double allReadyMillis, double totalMillis, List<Sample> samples) {}

  private Timed timed(List<Class<? extends Fixture>> classes, Map<String, String> parameters) {
    long started = System.nanoTime();
    List<Sample> samples = execute(classes, parameters);
    long ended = System.nanoTime();
    long lastReady = samples.stream().mapToLong(Sample::sampledAt).max().orElseThrow();
    return new Timed((lastReady - started) / 1e6, (ended - started) / 1e6, samples);
  }

  // --- running fixtures --------------------------------------------------------------------

  /** Runs {@code classes} with the JUnit Platform; returns their samples or fails. */
  private List<Sample> execute(
      List<Class<? extends Fixture>> classes, Map<String, String> parameters) {
    classes.forEach(BenchFixtures.SAMPLES::remove);
    Map<String, String> all = new HashMap<>(kernelParameters);
    all.putAll(parameters);
    EngineExecutionResults results =
        EngineTestKit.engine(ENGINE)
            .selectors(
                classes.stream()
                    .map(DiscoverySelectors::selectClass)
                    .toList()
                    .toArray(new org.junit.platform.engine.DiscoverySelector[0]))
            .configurationParameters(all)
            .execute();
    List<String> failures =
        results.allEvents().failed().stream()
            .map(BootBenchmark::describe)
            .collect(Collectors.toList());
    long succeeded = results.testEvents().succeeded().count();
    if (!failures.isEmpty() || succeeded != classes.size()) {
      String text = String.join("\n", failures);
      throw new StepFailed(
          "benchmark fixtures failed ("
              + succeeded
              + " of "
              + classes.size()
              + " passed):\n"
              + text,
          summary(text));
    }
    return classes.stream()
        .flatMap(c -> Objects.requireNonNull(BenchFixtures.SAMPLES.get(c), c.getName()).stream())
        .toList();
  }

  /** The first line of a failure, and the kernel's panic line if the console showed one. */
  private static String summary(String failure) {
    List<String> lines = failure.lines().toList();
    String summary = lines.isEmpty() ? "failed" : lines.get(0);
    return summary
        + lines.stream()
            .filter(l -> l.contains("Kernel panic"))
            .findFirst()
            .map(l -> " / console: " + l.replaceFirst("^\\s*\\|\\s*", "").strip())
            .orElse("");
  }

  /** A step that failed; {@link #retrying} runs it again. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String summary;

    StepFailed(String message, String summary) {
      super(message);
      this.summary = summary;
    }
  }

  /** Something {@link #retrying} runs. */
  private interface Step<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code step}, again if it failed, at most {@value #MAX_ATTEMPTS} times: a boot that fails
   * (under heavy CPU load, TCG guests occasionally panic) is reported as a note and left out of the
   * figures.
   *
   * @throws StepFailed if every attempt failed
   */
  private <T> T retrying(String what, Step<T> step) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.run();
      } catch (StepFailed e) {
        String note =
            String.format(
                Locale.ROOT,
                "%s, attempt %d of %d failed (left out of the figures): %s",
                what,
                attempt,
                MAX_ATTEMPTS,
                e.summary);
        notes.add(note);
        progress("%s", note);
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static String describe(Event event) {
    return event.getTestDescriptor().getDisplayName()
        + ": "
        + event
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::toString)
            .orElse("failed");
  }

  private static Sample single(List<Sample> samples) {
    if (samples.size() != 1) {
      throw new IllegalStateException("expected one instance, got " + samples.size());
    }
    return samples.get(0);
  }

  private boolean inTime() {
    if (System.nanoTime() < deadline) {
      return true;
    }
    String note = "Stopped early: bench.timeout.minutes passed; fewer runs than asked for.";
    if (!notes.contains(note)) {
      notes.add(note);
      progress(note);
    }
    return false;
  }

  // --- report ------------------------------------------------------------------------------

  /**
   * One measured quantity.
   *
   * @param variant the label shown (per instance) or the instance count (scale)
   */
  private record Metric(
      String section,
      String key,
      String variant,
      String unit,
      List<Double> extension,
      List<Double> baseline) {}

  private void report() throws IOException {
    double ratio =
        median(find("per-instance", "boot-to-ready").extension())
            / median(find("per-instance", "boot-to-ready").baseline());
    String host =
        String.format(
            Locale.ROOT,
            "%d cores, accel %s, %s; load average at start %s, at end %s",
            Runtime.getRuntime().availableProcessors(),
            accelerator,
            System.getProperty("os.name") + " " + System.getProperty("os.version"),
            loadAtStart,
            loadAverage());

    StringBuilder md = new StringBuilder();
    md.append("# unikernel-junit boot benchmark\n\n");
    md.append("Host: ").append(host).append(". Values: median (min - max).\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "## Per instance: the reference server, BRIDGED, %d runs\n\n",
            find("per-instance", "wall").extension().size()));
    md.append(
        "| phase | unit | extension median | min | max | shell baseline median | min | max |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Metric m : metrics) {
      if (!m.section().equals("per-instance")) {
        continue;
      }
      md.append("| ")
          .append(m.variant().startsWith(" ") ? "↳ " + m.variant().strip() : m.variant())
          .append(" | ")
          .append(m.unit())
          .append(" | ")
          .append(stats(m.extension(), " | "))
          .append(" | ")
          .append(stats(m.baseline(), " | "))
          .append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "\noverhead ratio: %.2f\n", ratio));
    md.append(
        "(extension boot-to-ready median / shell baseline boot-to-ready median; both count from"
            + " the start of the network set-up until the server answers)\n\n");
    md.append(
        String.format(
            Locale.ROOT, "## Several independent instances, %d run(s) each\n\n", scaleRuns));
    md.append(
        "| instances | one class: all ready (ms) | one class: total (ms) | n classes: all ready"
            + " (ms) | n classes: total (ms) | QEMU RSS per instance (MiB) |\n");
    md.append("|---:|---:|---:|---:|---:|---:|\n");
    for (int n : sizes) {
      String v = Integer.toString(n);
      md.append("| ")
          .append(n)
          .append(" | ")
          .append(cell(find("scale", "sequential-ready", v).extension()))
          .append(" | ")
          .append(cell(find("scale", "sequential-total", v).extension()))
          .append(" | ")
          .append(cell(find("scale", "concurrent-ready", v).extension()))
          .append(" | ")
          .append(cell(find("scale", "concurrent-total", v).extension()))
          .append(" | ")
          .append(cell(find("scale", "rss-per-instance", v).extension()))
          .append(" |\n");
    }
    md.append(
        "\nOne class: one class declares n independent servers; the extension boots them"
            + " concurrently. n classes: n classes with one server each, run at the same time"
            + " by JUnit's parallel execution (classes concurrent, fixed parallelism n), each in"
            + " its own namespace. \"All ready\" counts from launching the JUnit run until the"
            + " last instance was ready; \"total\" until the run ended, everything torn down. RSS"
            + " is VmRSS of each QEMU after its server answered.\n");
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
    }

    StringBuilder csv = new StringBuilder("section,metric,variant,unit,runs,median,min,max\n");
    for (Metric m : metrics) {
      csvRow(csv, m, "extension", m.extension());
      csvRow(csv, m, "baseline", m.baseline());
    }
    csv.append(String.format(Locale.ROOT, "summary,overhead-ratio,,ratio,,%.4f,,\n", ratio));

    Files.writeString(out.resolve("bench.md"), md);
    Files.writeString(out.resolve("bench.csv"), csv);
    System.out.println(textTable(host, ratio));
    System.out.println("Written: " + out.resolve("bench.md") + ", " + out.resolve("bench.csv"));
  }

  private String textTable(String host, double ratio) {
    StringBuilder text = new StringBuilder();
    text.append("\n=== unikernel-junit boot benchmark (").append(host).append(") ===\n");
    text.append(
        String.format(
            Locale.ROOT,
            "%nPer instance: the reference server, BRIDGED, %d runs; median / min / max%n",
            find("per-instance", "wall").extension().size()));
    String format = "%-44s %-4s %8s %8s %8s | %8s %8s %8s%n";
    text.append(
        String.format(
            Locale.ROOT, format, "phase", "unit", "ext med", "min", "max", "sh med", "min", "max"));
    for (Metric m : metrics) {
      if (m.section().equals("per-instance")) {
        String[] e = stats(m.extension(), "\t").split("\t");
        String[] b = stats(m.baseline(), "\t").split("\t");
        text.append(
            String.format(
                Locale.ROOT, format, m.variant(), m.unit(), e[0], e[1], e[2], b[0], b[1], b[2]));
      }
    }
    text.append(String.format(Locale.ROOT, "%noverhead ratio: %.2f%n", ratio));
    text.append("(extension boot-to-ready median / shell baseline boot-to-ready median)\n");
    text.append(
        String.format(
            Locale.ROOT,
            "%nSeveral independent instances, %d run(s) each; ms, median (min-max)%n",
            scaleRuns));
    String scaleFormat = "%-9s %-22s %-22s %-22s %-22s %-18s%n";
    text.append(
        String.format(
            Locale.ROOT,
            scaleFormat,
            "instances",
            "one class: all ready",
            "one class: total",
            "n classes: all ready",
            "n classes: total",
            "RSS/instance MiB"));
    for (int n : sizes) {
      String v = Integer.toString(n);
      text.append(
          String.format(
              Locale.ROOT,
              scaleFormat,
              v,
              cell(find("scale", "sequential-ready", v).extension()),
              cell(find("scale", "sequential-total", v).extension()),
              cell(find("scale", "concurrent-ready", v).extension()),
              cell(find("scale", "concurrent-total", v).extension()),
              cell(find("scale", "rss-per-instance", v).extension())));
    }
    text.append(
        "one class = n independent servers in one class; the extension boots them concurrently;\n"
            + "n classes = n one-server classes run at once by JUnit parallel execution\n"
            + "(classes concurrent, fixed parallelism n), each in its own namespace.\n");
    notes.forEach(note -> text.append("note: ").append(note).append('\n'));
    return text.toString();
  }

  private Metric find(String section, String key) {
    return metrics.stream()
        .filter(m -> m.section().equals(section) && m.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  private Metric find(String section, String key, String variant) {
    return metrics.stream()
        .filter(
            m -> m.section().equals(section) && m.key().equals(key) && m.variant().equals(variant))
        .findFirst()
        .orElseThrow();
  }

  private static void csvRow(StringBuilder csv, Metric m, String side, List<Double> values) {
    if (values.isEmpty()) {
      return;
    }
    csv.append(
        String.format(
            Locale.ROOT,
            "%s,%s,%s,%s,%d,%.1f,%.1f,%.1f%n",
            m.section(),
            m.key(),
            side + (m.section().equals("scale") ? ":" + m.variant() : ""),
            m.unit(),
            values.size(),
            median(values),
            min(values),
            max(values)));
  }

  private static String stats(List<Double> values, String separator) {
    if (values.isEmpty()) {
      return String.join(separator, "-", "-", "-");
    }
    return String.join(separator, number(median(values)), number(min(values)), number(max(values)));
  }

  private static String cell(List<Double> values) {
    if (values.isEmpty()) {
      return "-";
    }
    if (values.size() == 1) {
      return number(values.get(0));
    }
    return number(median(values)) + " (" + number(min(values)) + "-" + number(max(values)) + ")";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  // --- small helpers -----------------------------------------------------------------------

  private static void add(Map<String, List<Double>> into, String key, Duration value) {
    if (value != null) {
      into.computeIfAbsent(key, k -> new ArrayList<>()).add(value.toNanos() / 1e6);
    }
  }

  private static String argAfter(List<String> argv, String flag) {
    int i = argv.indexOf(flag);
    if (i < 0 || i + 1 >= argv.size()) {
      throw new IllegalStateException("QEMU argv has no " + flag + ": " + argv);
    }
    return argv.get(i + 1);
  }

  /** The 1-minute load average: other work on the machine skews every figure. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
