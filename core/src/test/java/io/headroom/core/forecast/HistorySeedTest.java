package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistorySeedTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  static TracePoint p(int minute, double value) {
    return new TracePoint(T0.plus(MINUTE.multipliedBy(minute)), value);
  }

  @Test
  void select_sortsDedupesAndKeepsOnlyWhatTheModelHasNotLearntAndTheLiveStreamWillNotDeliver() {
    List<TracePoint> history =
        List.of(
            p(3, 30),
            p(1, 10),
            p(2, 20),
            p(2, 21), // loaded twice: the last listed wins
            new TracePoint(T0.plusSeconds(90), 99), // off the step grid
            p(4, Double.NaN),
            p(5, -1),
            p(6, 60),
            p(7, 70),
            p(8, 80));

    assertThat(HistorySeed.select(history, MINUTE, null, null))
        .containsExactly(p(1, 10), p(2, 21), p(3, 30), p(6, 60), p(7, 70), p(8, 80));
    // The model learnt up to minute 2; the live stream starts at minute 7.
    assertThat(HistorySeed.select(history, MINUTE, p(2, 0).timestamp(), p(7, 0).timestamp()))
        .containsExactly(p(3, 30), p(6, 60));
    assertThat(HistorySeed.select(history, MINUTE, p(8, 0).timestamp(), null)).isEmpty();
  }

  /** Daily-seasonal noisy series, per minute, starting {@code days} before T0. */
  static List<TracePoint> days(int days, long seed) {
    Random random = new Random(seed);
    List<TracePoint> points = new ArrayList<>();
    for (int n = -days * 1440; n < 0; n++) {
      double level = 300 + 100 * Math.sin(2 * Math.PI * Math.floorMod(n, 1440) / 1440.0);
      points.add(p(n, Math.max(0, level + 15 * random.nextGaussian())));
    }
    return points;
  }

  @Test
  void fourteenDaysOfHistory_makeTheDefaultModelTrusted_fromItsOwnErrors_anHourDoesNot() {
    LoadForecaster warm = Forecasters.create("auto", MINUTE);
    List<TracePoint> twoWeeks = HistorySeed.select(days(14, 1), MINUTE, null, T0);
    assertThat(HistorySeed.seed(warm, twoWeeks)).isEqualTo(14 * 1440);
    assertThat(warm.isTrusted()).isTrue();
    assertThat(ForecastPoint.allFinite(warm.forecast(T0.minusMillis(1), 120))).isTrue();

    LoadForecaster cold = Forecasters.create("auto", MINUTE);
    List<TracePoint> all = days(14, 1);
    HistorySeed.seed(cold, all.subList(all.size() - 60, all.size()));
    assertThat(cold.isTrusted()).isFalse();
  }

  @Test
  void seedingTwice_doesNotCountAnyPointTwice() {
    List<TracePoint> all = days(2, 2);
    LoadForecaster once = Forecasters.create("seasonal", MINUTE);
    HistorySeed.seed(once, HistorySeed.select(all, MINUTE, null, null));

    LoadForecaster twice = Forecasters.create("seasonal", MINUTE);
    Instant half = all.get(all.size() / 2).timestamp();
    HistorySeed.seed(twice, HistorySeed.select(all, MINUTE, null, half));
    Instant last = half.minus(MINUTE);
    // The second read overlaps the first; the rule skips what was learnt.
    int fed = HistorySeed.seed(twice, HistorySeed.select(all, MINUTE, last, null));
    assertThat(fed).isEqualTo(all.size() - all.size() / 2);
    assertThat(ForecasterCodec.encode(twice)).isEqualTo(ForecasterCodec.encode(once));
  }
}
