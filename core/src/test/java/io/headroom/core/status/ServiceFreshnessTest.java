package io.headroom.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceFreshnessTest {
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final Duration LIMIT = Duration.ofMinutes(10);

  @Test
  void aServiceIsStale_whenItsWindowsOrItsForecastsStopped() {
    assertThat(
            new ServiceFreshness("a", NOW.minusSeconds(60), NOW.minusSeconds(120))
                .problem(NOW, LIMIT))
        .isNull();
    assertThat(new ServiceFreshness("a", NOW.minusSeconds(60), null).problem(NOW, LIMIT))
        .as("a service without forecasts is not stale for that")
        .isNull();
    assertThat(
            new ServiceFreshness("a", NOW.minus(Duration.ofMinutes(11)), null).problem(NOW, LIMIT))
        .startsWith("no window since 2026-12-07T09:49:00Z");
    assertThat(new ServiceFreshness("a", null, null).problem(NOW, LIMIT))
        .isEqualTo("no window since ever");
    assertThat(
            new ServiceFreshness("a", NOW, NOW.minus(Duration.ofMinutes(30))).problem(NOW, LIMIT))
        .startsWith("no forecast since 2026-12-07T09:30:00Z");
  }
}
