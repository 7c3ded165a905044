package io.headroom.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.sketch.WindowStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowValidatorTest {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final WindowStats STATS = new WindowStats(4, 40, 5, 15, 10, 10, 14, 15, 15);

  private static WindowObservation window(
      String service, String metric, Instant end, WindowStats stats) {
    return new WindowObservation(service, metric, T0, end, 4 / 60.0, stats);
  }

  @Test
  void aWholeWindow_isUsable() {
    assertThat(
            WindowValidator.problem(
                window("checkout", "cpu_percent", T0.plus(Duration.ofMinutes(1)), STATS)))
        .isEmpty();
  }

  @Test
  void missingNames_backwardsTime_negativeCounts_andNaN_areNamedWithTheField() {
    Instant end = T0.plus(Duration.ofMinutes(1));
    assertThat(WindowValidator.problem(window(" ", "cpu_percent", end, STATS)))
        .contains("service: empty, a window needs the service it belongs to");
    assertThat(WindowValidator.problem(window("checkout", null, end, STATS)))
        .contains("metric: empty, a window needs a metric name");
    assertThat(WindowValidator.problem(window("checkout", "cpu_percent", T0, STATS)))
        .contains("windowEnd: " + T0 + " must be after windowStart " + T0);
    assertThat(
            WindowValidator.problem(
                window(
                    "checkout", "cpu_percent", end, new WindowStats(-1, 0, 0, 0, 0, 0, 0, 0, 0))))
        .contains("count: -1 must be >= 0");
    assertThat(WindowValidator.problem(window("checkout", "cpu_percent", end, WindowStats.EMPTY)))
        .contains("mean: NaN is not a finite number");
  }

  @Test
  void statistics_readTheirNumber_andParseInAnyCase_namingTheFieldWhenUnknown() {
    WindowObservation w = window("checkout", "requests", T0.plus(Duration.ofMinutes(1)), STATS);
    assertThat(Statistic.SUM.of(w)).isEqualTo(40);
    assertThat(Statistic.RATE.of(w)).isEqualTo(4 / 60.0);
    assertThat(Statistic.P90.of(w)).isEqualTo(14);
    assertThat(Statistic.parse("metrics", " P95 ")).isEqualTo(Statistic.P95);
    assertThatThrownBy(() -> Statistic.parse("targets[0].metrics.cpu.statistic", "p42"))
        .hasMessage(
            "targets[0].metrics.cpu.statistic: 'p42' must be one of mean, min, max, p50, p90, p95, p99, rate, sum, count");
  }
}
