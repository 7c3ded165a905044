package io.headroom.core.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which number of a window a rule compares with its thresholds. */
public enum Statistic {
  MEAN,
  MIN,
  MAX,
  P50,
  P90,
  P95,
  P99,
  RATE,
  SUM,
  COUNT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public double of(WindowObservation window) {
    var s = window.stats();
    return switch (this) {
      case MEAN -> s.mean();
      case MIN -> s.min();
      case MAX -> s.max();
      case P50 -> s.p50();
      case P90 -> s.p90();
      case P95 -> s.p95();
      case P99 -> s.p99();
      case RATE -> window.rate();
      case SUM -> s.sum();
      case COUNT -> s.count();
    };
  }

  static Statistic parse(String field, Object value) {
    for (Statistic s : values()) {
      if (s.label().equals(String.valueOf(value).strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(field + ": '" + value + "' must be one of "
        + Arrays.stream(values()).map(Statistic::label).collect(Collectors.joining(", ")));
  }
}
