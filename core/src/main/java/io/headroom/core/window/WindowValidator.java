package io.headroom.core.window;

import java.util.Optional;

/**
 * Decides whether a decoded percentile window can be used. Returns the reason it cannot, which the
 * Streams alert app and the Flink jobs write to the dead-letter topic's headers; a usable window
 * yields empty. Empty windows (no samples, NaN percentiles) are not usable.
 */
public final class WindowValidator {

  private WindowValidator() {}

  public static Optional<String> problem(WindowObservation window) {
    if (window.service() == null || window.service().isBlank()) {
      return Optional.of("service: empty, a window needs the service it belongs to");
    }
    if (window.metric() == null || window.metric().isBlank()) {
      return Optional.of("metric: empty, a window needs a metric name");
    }
    if (!window.end().isAfter(window.start())) {
      return Optional.of(
          "windowEnd: " + window.end() + " must be after windowStart " + window.start());
    }
    if (window.stats().count() < 0) {
      return Optional.of("count: " + window.stats().count() + " must be >= 0");
    }
    for (Statistic statistic : Statistic.RECORD_ORDER) {
      double value = statistic.of(window);
      if (!Double.isFinite(value)) {
        return Optional.of(statistic.label() + ": " + value + " is not a finite number");
      }
    }
    return Optional.empty();
  }
}
