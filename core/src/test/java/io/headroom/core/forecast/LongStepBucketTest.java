package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongStepBucketTest {
  static final Instant T0 = Instant.parse("2024-05-06T00:00:00Z");

  @Test
  void resample_sumsEachHour_scalesUpMissingMinutes_andSkipsHoursUnderHalfCovered() {
    List<TracePoint> points = new ArrayList<>();
    for (int minute = 0; minute < 4 * 60; minute++) {
      boolean missing =
          (minute >= 60 && minute < 90) // hour 1: exactly half missing, kept and doubled
              || (minute >= 120 && minute < 151); // hour 2: 29 of 60 present, skipped
      if (!missing) {
        points.add(new TracePoint(T0.plusSeconds(60L * minute), 2));
      }
    }
    Trace hourly =
        LongStepBucket.resample(new Trace(points, Duration.ofMinutes(1), 0), Duration.ofHours(1));

    assertThat(hourly.step()).isEqualTo(Duration.ofHours(1));
    assertThat(hourly.points())
        .containsExactly(
            new TracePoint(T0, 120),
            new TracePoint(T0.plusSeconds(3600), 120),
            new TracePoint(T0.plusSeconds(3 * 3600), 120));
  }

  @Test
  void aLateWindowOfAClosedStep_isNotCountedAgain_andAPartialLastStepIsLeftOpen() {
    long minute = 60_000;
    long hour = 60 * minute;
    LongStepBucket.Change change = LongStepBucket.EMPTY.add(0, 5, hour, minute);
    change = change.bucket().closeBefore(hour, hour, minute); // the long timer at 01:00
    assertThat(change.closed()).as("1 of 60 windows: skipped").isNull();
    change = change.bucket().add(30 * minute, 9, hour, minute); // late: hour 0 is closed
    assertThat(change.bucket().start()).isEqualTo(LongStepBucket.NONE);
    change = change.bucket().add(hour, 7, hour, minute);
    assertThat(change.bucket().sum()).isEqualTo(7);
    assertThat(change.bucket().closeBefore(hour + 59 * minute, hour, minute).closed()).isNull();
    assertThatThrownBy(
            () ->
                LongStepBucket.resample(
                    new Trace(List.of(new TracePoint(T0, 1)), Duration.ofMinutes(7), 0),
                    Duration.ofHours(1)))
        .hasMessageContaining("must be a multiple of the trace's step");
  }
}
