package io.headroom.flink.windows;

import io.headroom.schemas.PercentileWindow;
import java.util.Locale;

/** Which number of a percentile window a job reads as the metric's value in that window. */
public enum WindowStatistic {
  /** Sum of the samples: requests counted in the window for a COUNTER such as {@code requests}. */
  SUM,
  /** Mean of the samples: the average level of a gauge such as {@code cpu_percent} across pods. */
  MEAN,
  /** Per second: sum/seconds for COUNTER metrics, count/seconds otherwise. */
  RATE,
  /** Number of samples. */
  COUNT,
  MIN,
  MAX,
  P50,
  P90,
  P95,
  P99;

  public double of(PercentileWindow window) {
    return switch (this) {
      case SUM -> window.getSum();
      case MEAN -> window.getMean();
      case RATE -> window.getRate();
      case COUNT -> window.getCount();
      case MIN -> window.getMin();
      case MAX -> window.getMax();
      case P50 -> window.getP50();
      case P90 -> window.getP90();
      case P95 -> window.getP95();
      case P99 -> window.getP99();
    };
  }

  /** Lower-case name as written in settings ({@code sum}, {@code p95}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a lower- or upper-case name.
   *
   * @param field the setting being parsed, for the error message
   */
  public static WindowStatistic parse(String text, String field) {
    for (WindowStatistic statistic : values()) {
      if (statistic.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return statistic;
      }
    }
    throw new IllegalArgumentException(field + ": '" + text + "' is not one of sum, mean, rate, count, min, max, p50, p90, p95, p99");
  }
}
