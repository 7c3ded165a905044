package io.headroom.core.window;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which number of a percentile window is read as the metric's value in that window: by the alert
 * rules (compared with their thresholds), the forecast job (the load forecast) and the scaling job
 * (an HPA metric's value). Written in lower case in settings and rule files ({@code sum}, {@code
 * p95}).
 */
public enum Statistic {
  /** Mean of the samples: the average level of a gauge such as {@code cpu_percent} across pods. */
  MEAN,
  MIN,
  MAX,
  P50,
  P90,
  P95,
  P99,
  /** Per second: sum/seconds for COUNTER metrics, count/seconds otherwise. */
  RATE,
  /** Sum of the samples: requests counted in the window for a COUNTER such as {@code requests}. */
  SUM,
  /** Number of samples. */
  COUNT;

  /**
   * The order of a window record's numbers. Checkpointed window samples keep their values in it
   * (append only, never reorder) and validation checks them in it, which decides the reason given
   * for a window with several bad numbers.
   */
  public static final List<Statistic> RECORD_ORDER =
      List.of(SUM, MEAN, RATE, COUNT, MIN, MAX, P50, P90, P95, P99);

  /** Lower-case name as written in settings ({@code sum}, {@code p95}). */
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

  /**
   * Parses a name in any case, surrounding blanks ignored.
   *
   * @param field the setting or field being parsed, named in the error
   * @throws IllegalArgumentException {@code field: 'text' must be one of mean, min, ...}
   */
  public static Statistic parse(String field, Object value) {
    for (Statistic s : values()) {
      if (s.label().equals(String.valueOf(value).strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        field
            + ": '"
            + value
            + "' must be one of "
            + Arrays.stream(values()).map(Statistic::label).collect(Collectors.joining(", ")));
  }
}
