package io.unikernel.junit.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unikernel.junit.internal.runtime.FrameSchedule.Conditions;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameScheduleTests {

  private static final long MS = 1_000_000;

  @Test
  void withoutConditionsFramesPassAtOnce() {
    FrameSchedule schedule = new FrameSchedule(new Random(1));
    assertThat(schedule.release(5 * MS, 1500)).isEqualTo(5 * MS);
  }

  @Test
  void latencyDelaysEveryFrame() {
    FrameSchedule schedule = new FrameSchedule(new Random(1));
    schedule.conditions(Conditions.NONE.withLatency(200 * MS, 0));
    assertThat(schedule.release(0, 100)).isEqualTo(200 * MS);
    assertThat(schedule.release(10 * MS, 100)).isEqualTo(210 * MS);
  }

  @Test
  void jitterStaysWithinItsBoundsAndNeverReordersFrames() {
    FrameSchedule schedule = new FrameSchedule(new Random(7));
    schedule.conditions(Conditions.NONE.withLatency(100 * MS, 50 * MS));
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 1000; i++) {
      long arrival = i * MS;
      long release = schedule.release(arrival, 100);
      assertThat(release).isGreaterThanOrEqualTo(previous);
      assertThat(release).isGreaterThanOrEqualTo(arrival + 50 * MS);
      // later than the bound only when an earlier frame held it back
      assertThat(release).isLessThanOrEqualTo(Math.max(previous, arrival + 150 * MS));
      previous = release;
    }
  }

  @Test
  void lossDropsAboutItsShare() {
    FrameSchedule schedule = new FrameSchedule(new Random(3));
    schedule.conditions(Conditions.NONE.withLoss(25));
    int dropped = 0;
    for (int i = 0; i < 10_000; i++) {
      if (schedule.release(i, 100) == FrameSchedule.DROP) {
        dropped++;
      }
    }
    assertThat(dropped).isBetween(2_200, 2_800);
  }

  @Test
  void fullLossDropsEverything() {
    FrameSchedule schedule = new FrameSchedule(new Random(3));
    schedule.conditions(Conditions.NONE.withLoss(100));
    assertThat(schedule.release(0, 100)).isEqualTo(FrameSchedule.DROP);
  }

  @Test
  void rateSerialisesFramesOneAfterAnother() {
    FrameSchedule schedule = new FrameSchedule(new Random(1));
    schedule.conditions(Conditions.NONE.withRate(8_000_000)); // 1000 bytes per ms
    assertThat(schedule.release(0, 1000)).isEqualTo(1 * MS);
    assertThat(schedule.release(0, 1000)).isEqualTo(2 * MS);
    assertThat(schedule.release(10 * MS, 500)).isEqualTo(10 * MS + MS / 2);
  }

  @Test
  void settingsCombineAndReplaceOneAnother() {
    Conditions conditions =
        Conditions.NONE.withLatency(5, 1).withLoss(10).withRate(1000).withLatency(7, 0);
    assertThat(conditions).isEqualTo(new Conditions(7, 0, 10, 1000));
    assertThat(conditions.withLatency(0, 0).withLoss(0).withRate(0).isNone()).isTrue();
  }

  @Test
  void refusesImpossibleSettings() {
    assertThatThrownBy(() -> Conditions.NONE.withLoss(101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.NONE.withLatency(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
