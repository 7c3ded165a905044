package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ForecastQuantile;
import io.headroom.core.scaling.PredictiveSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogForecastTest {
  private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final ForecastQuantile QUANTILE =
      new ForecastQuantile(new PredictiveSettings(10, Duration.ofSeconds(135), 0.9, 0.95));

  @Test
  void arrivalsOverLead_weighEachStepByItsShareOfTheLead() {
    // Lead (10:00:15, 10:02:30]: all of the 10:01 step, half of the 10:02 step, none of 10:03.
    List<ForecastPoint> points =
        List.of(
            new ForecastPoint(T.plusSeconds(60), 100, 100, 100),
            new ForecastPoint(T.plusSeconds(120), 200, 200, 200),
            new ForecastPoint(T.plusSeconds(180), 5000, 5000, 5000));

    double arrivals =
        BacklogForecast.arrivalsOverLead(
            points, T.plusSeconds(15), Duration.ofSeconds(135), MINUTE, QUANTILE);

    assertThat(arrivals).isCloseTo(100 + 200 * 0.5, within(1e-9));
  }

  @Test
  void arrivalsOverLead_takeTheQuantile_notThePoint() {
    // 0.9 lies z(0.9)/z(0.975) = 0.654 half-widths above the point: 100 + 0.654 × 50.
    List<ForecastPoint> points = List.of(new ForecastPoint(T.plusSeconds(60), 100, 50, 150));

    double arrivals =
        BacklogForecast.arrivalsOverLead(points, T, MINUTE.multipliedBy(2), MINUTE, QUANTILE);

    assertThat(arrivals).isCloseTo(100 + 0.6539 * 50, within(0.01));
  }

  @Test
  void expectedLag_isTheBacklogAtTheLead_neverBelowTheBacklogNow() {
    assertThat(BacklogForecast.expectedLag(100, 300, 80)).isEqualTo(320);
    assertThat(BacklogForecast.expectedLag(100, 50, 80)).isEqualTo(100);
    assertThat(BacklogForecast.expectedLag(0, 10.2, 0)).isEqualTo(11);
  }
}
