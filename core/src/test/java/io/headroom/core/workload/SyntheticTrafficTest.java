package io.headroom.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {
  private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void generate_hasDailyPeakInTheAfternoon_andQuieterWeekends() {
    SyntheticTraffic traffic = new SyntheticTraffic(100, 0.5, 0.5, 0, 0);
    List<TracePoint> week = traffic.generate(MONDAY, Duration.ofHours(1), 24 * 7, 1);

    assertThat(week.get(15).value()).isCloseTo(150, within(0.01)); // Monday 15:00
    assertThat(week.get(3).value()).isCloseTo(50, within(0.01)); // Monday 03:00
    assertThat(week.get(5 * 24 + 15).value()).isCloseTo(75, within(0.01)); // Saturday 15:00
  }

  @Test
  void noise_hasTheStatedRelativeSpread() {
    SyntheticTraffic traffic = new SyntheticTraffic(100, 0, 1, 0, 0.1);
    double[] values =
        traffic.generate(MONDAY, Duration.ofMinutes(1), 20_000, 3).stream()
            .mapToDouble(TracePoint::value)
            .toArray();
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double sd =
        Math.sqrt(
            java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                / values.length);

    assertThat(mean).isCloseTo(100, within(0.5));
    assertThat(sd).isCloseTo(10, within(0.5));
  }
}
