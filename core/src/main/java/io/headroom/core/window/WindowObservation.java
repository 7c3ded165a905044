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
  public Duration length() {
    return Duration.between(start, end);
  }
}
