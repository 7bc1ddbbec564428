package io.unikernel.junit.assertj;

import static io.unikernel.junit.assertj.UnikernelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unikernel.junit.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleAssertTests {

  /** A console whose lines the test writes. */
  private static final class FakeConsole implements Console {
    final List<String> lines = new CopyOnWriteArrayList<>();

    FakeConsole(String... lines) {
      this.lines.addAll(List.of(lines));
    }

    @Override
    public String text() {
      return String.join("\n", lines);
    }

    @Override
    public List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public String waitFor(String regex, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> tail(int n) {
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    @Override
    public Path logFile() {
      return Path.of("target/unikernel/Test/server.log");
    }
  }

  @Test
  void passesOnLinesThatWerePrinted() {
    FakeConsole console = new FakeConsole("booting", "hello test 2", "error: refused");
    assertThat(console)
        .containsLine("hello test 2")
        .containsLineMatching("^error: ")
        .eventuallyContainsLineMatching("test \\d", Duration.ofSeconds(1));
  }

  @Test
  void failuresSayWhatWasExpectedAndShowTheTail() {
    FakeConsole console = new FakeConsole("booting", "50% done");
    assertThatThrownBy(() -> assertThat(console).containsLine("hello"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContainingAll(
            "Expecting console to contain the line:",
            "\"hello\"",
            "but it does not.",
            "Last 2 console lines (full log: target/unikernel/Test/server.log):",
            "  | booting",
            "  | 50% done");
    assertThatThrownBy(() -> assertThat(console).containsLineMatching("^hel+o$"))
        .hasMessageContainingAll("a line matching:", "^hel+o$", "but none does.");
  }

  @Test
  void waitsForALineThatComesLater() {
    FakeConsole console = new FakeConsole("booting");
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      executor.schedule(() -> console.lines.add("ready"), 200, TimeUnit.MILLISECONDS);
      assertThat(console).eventuallyContainsLineMatching("^ready$", Duration.ofSeconds(10));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void failsWhenNoLineAppearsInTime() {
    FakeConsole console = new FakeConsole("booting");
    assertThatThrownBy(
            () ->
                assertThat(console)
                    .eventuallyContainsLineMatching("^ready$", Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContainingAll("within PT0.3S but none appeared.", "  | booting");
  }
}
