package io.headroom.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegimeChangeTracesTest {
  private static final int WEEK = 7 * 1440;

  @Test
  void idleWeek_isSilentThroughWeekThree_andBusyAround_it() {
    List<TracePoint> points = RegimeChangeTraces.create("idle-week", 7).points();
    double[] weekSum = new double[6];
    for (int m = 0; m < points.size(); m++) {
      weekSum[m / WEEK] += points.get(m).value();
    }
    assertThat(weekSum[2]).isZero();
    assertThat(weekSum[3] / WEEK).isCloseTo(weekSum[1] / WEEK, within(5.0)); // back as before
    assertThat(weekSum[1] / WEEK).isBetween(100.0, 120.0); // 120 a minute, weekends at 70 %
  }

  @Test
  void utilisation_hasNoiseOfTheSameSizeAtNightAndAtThePeak() {
    Trace trace = RegimeChangeTraces.create("utilisation", 42);
    List<TracePoint> points = trace.points();
    // Minute-to-minute differences on weekdays: sqrt(2) × the noise, whatever the level.
    double nightSquares = 0;
    double peakSquares = 0;
    int night = 0;
    int peak = 0;
    for (int m = 1; m < points.size(); m++) {
      int hour = (m % 1440) / 60;
      if ((m / 1440) % 7 >= 5) {
        continue;
      }
      double d = points.get(m).value() - points.get(m - 1).value();
      if (hour == 3) {
        nightSquares += d * d;
        night++;
      } else if (hour == 15) {
        peakSquares += d * d;
        peak++;
      }
    }
    double noise = RegimeChangeTraces.CORE_NOISE * Math.sqrt(2);
    assertThat(Math.sqrt(nightSquares / night)).isCloseTo(noise, within(0.03));
    assertThat(Math.sqrt(peakSquares / peak)).isCloseTo(noise, within(0.03));
    assertThat(points.get(15 * 60).value()).isNotEqualTo(Math.rint(points.get(15 * 60).value()));
  }

  @Test
  void sameSeed_sameTrace_andUnknownNames_areRefused() {
    assertThat(RegimeChangeTraces.create("utilisation", 3).points())
        .isEqualTo(RegimeChangeTraces.create("utilisation", 3).points());
    assertThatThrownBy(() -> RegimeChangeTraces.create("sawtooth", 3))
        .hasMessageContaining("'sawtooth' is not one of")
        .hasMessageContaining("idle-week, utilisation");
  }
}
