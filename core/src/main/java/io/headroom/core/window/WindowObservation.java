package io.headroom.core.window;

import io.headroom.core.sketch.WindowStats;
import java.time.Duration;
import java.time.Instant;

/**
 * One closed percentile window of one service × metric, as the rules and the jobs see it.
 *
 * @param rate per second: the sum for counters, the sample count otherwise
 */
public record WindowObservation(
    String service, String metric, Instant start, Instant end, double rate, WindowStats stats) {
  /**
   * The window as the percentile app closes it: the rate is the sum per second for a counter, the
   * sample count per second otherwise.
   */
  public static WindowObservation of(
      String service,
      String metric,
      boolean counter,
      Instant start,
      Instant end,
      WindowStats stats) {
    double seconds = Math.max(1e-9, Duration.between(start, end).toMillis() / 1000.0);
    double rate = (counter ? stats.sum() : stats.count()) / seconds;
    return new WindowObservation(service, metric, start, end, rate, stats);
  }

  public Duration length() {
    return Duration.between(start, end);
  }
}
