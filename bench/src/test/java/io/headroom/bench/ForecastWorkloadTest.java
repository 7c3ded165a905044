package io.headroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.headroom.schemas.PercentileWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastWorkloadTest {
  @Test
  void everySeriesHasOneOneMinuteWindowAMinute_inOrder() {
    ForecastWorkload workload = new ForecastWorkload(3, 1440);
    List<PercentileWindow> first = workload.minute(0);
    List<PercentileWindow> second = workload.minute(1);

    assertThat(workload.windows()).isEqualTo(3 * 1440);
    assertThat(first)
        .extracting(w -> w.getService().toString())
        .containsExactly("bench-svc-0000", "bench-svc-0001", "bench-svc-0002");
    assertThat(first)
        .allMatch(w -> w.getMetric().toString().equals("requests"))
        .allMatch(w -> w.getWindowStart().equals(ForecastWorkload.START))
        .allMatch(
            w ->
                Duration.between(w.getWindowStart(), w.getWindowEnd())
                    .equals(Duration.ofMinutes(1)));
    assertThat(second).allMatch(w -> w.getWindowStart().equals(first.get(0).getWindowEnd()));
  }

  @Test
  void requests_areTheSameOnEveryRun_andFollowADailyCycle() {
    assertThat(ForecastWorkload.requests(7, 100)).isEqualTo(ForecastWorkload.requests(7, 100));
    // Peak at 06:00, trough at 18:00: ±50 % around the base beats ±10 % noise.
    assertThat(ForecastWorkload.requests(7, 360))
        .isGreaterThan(1.5 * ForecastWorkload.requests(7, 1080));
    for (int minute = 0; minute < 1440; minute += 7) {
      assertThat(ForecastWorkload.requests(99, minute)).isPositive();
    }
  }

  @Test
  void rejectsAnEmptyWorkload() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ForecastWorkload(0, 10));
  }
}
