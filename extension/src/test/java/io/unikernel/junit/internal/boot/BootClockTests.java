package io.unikernel.junit.internal.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link BootClock} reports; speed itself is ci/bench's business, never asserted here. */
class BootClockTests {

  @Test
  void phasesNotReachedYetAreNull() {
    BootClock clock = new BootClock(null);
    clock.imagePrepared();

    BootTimings timings = clock.timings();

    assertThat(timings.image()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(timings.tap()).isNull();
    assertThat(timings.spawnToInit()).isNull();
    assertThat(timings.bootToReady()).isNull();
    assertThat(timings.teardown()).isNull();
    assertThat(timings.classNetwork()).as("usermode: no class network").isNull();
  }

  @Test
  void aCompleteBootHasEveryPhaseButQmpWhichIsOnlyMeasuredOnRequest() throws Exception {
    BootClock clock = new BootClock(null);
    clock.imagePrepared();
    clock.networkReady();
    clock.initSeen();
    clock.ready();
    try (AutoCloseable teardown = clock.teardown()) {
      // stopping the VM, deleting the tap and files would happen here
    }

    BootTimings timings = clock.timings();

    assertThat(timings.spawnToQmp()).isNull();
    for (Duration phase :
        new Duration[] {
          timings.image(),
          timings.tap(),
          timings.spawnToInit(),
          timings.initToReady(),
          timings.bootToReady(),
          timings.teardown()
        }) {
      assertThat(phase).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
    }
    assertThat(timings.bootToReady())
        .isGreaterThanOrEqualTo(timings.image().plus(timings.tap()).plus(timings.spawnToInit()));
  }
}
