package io.headroom.flink;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.time.Duration;
import java.time.Instant;

/** Named instants and window builders shared by the job tests. */
public final class Fixtures {
  /** A Monday 10:00 UTC. */
  public static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  public static final Duration MINUTE = Duration.ofMinutes(1);

  private Fixtures() {}

  public static Instant minute(int n) {
    return T0.plus(MINUTE.multipliedBy(n));
  }

  /**
   * The one-minute window starting {@code n} minutes after {@link #T0} whose samples are {@code
   * values}.
   */
  public static PercentileWindow window(
      String service, String metric, MetricKind kind, int n, double... values) {
    SketchAccumulator accumulator = new SketchAccumulator(0.01);
    for (double value : values) {
      accumulator.add(value);
    }
    return PercentileWindowMapper.toWindow(
        service, metric, kind, minute(n), minute(n + 1), accumulator);
  }

  /** A requests window whose sum is {@code requests} (one COUNTER sample). */
  public static PercentileWindow requests(String service, int n, double requests) {
    return window(service, "requests", MetricKind.COUNTER, n, requests);
  }

  /** A gauge window whose mean, min and max are {@code value}. */
  public static PercentileWindow gauge(String service, String metric, int n, double value) {
    return window(service, metric, MetricKind.GAUGE, n, value);
  }

  public static long millis(Instant instant) {
    return instant.toEpochMilli();
  }
}
