package io.headroom.flink.windows;

import io.headroom.schemas.PercentileWindow;

/** The checks a percentile window must pass before a job uses it; failures go to the dead-letter topic. */
public final class WindowChecks {
  private WindowChecks() {}

  /** Why the window cannot be used, or null when it can. */
  public static String problem(PercentileWindow window) {
    if (window.getService() == null || window.getService().isBlank()) {
      return "service: empty, a window needs the service it belongs to";
    }
    if (window.getMetric() == null || window.getMetric().isBlank()) {
      return "metric: empty, a window needs a metric name";
    }
    if (!window.getWindowEnd().isAfter(window.getWindowStart())) {
      return "windowEnd: " + window.getWindowEnd() + " must be after windowStart " + window.getWindowStart();
    }
    if (window.getCount() < 0) {
      return "count: " + window.getCount() + " must be >= 0";
    }
    for (WindowStatistic statistic : WindowStatistic.values()) {
      double value = statistic.of(window);
      if (!Double.isFinite(value)) {
        return statistic.label() + ": " + value + " is not a finite number";
      }
    }
    return null;
  }
}
