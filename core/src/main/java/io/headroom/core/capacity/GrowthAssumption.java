package io.headroom.core.capacity;

import java.util.Locale;

/**
 * How load is expected to grow over the planning horizon: a linear trend fitted to the history
 * (with a 95 % prediction interval), or a compound monthly rate the user gives.
 */
public sealed interface GrowthAssumption {

  /**
   * A straight line through the daily statistics of the history; the interval comes from its fit.
   */
  record LinearTrend() implements GrowthAssumption {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /**
   * Load multiplied by {@code 1 + monthlyRate} every month, from the recent level; no interval,
   * since the rate is an assumption rather than an estimate.
   *
   * @param monthlyRate e.g. 0.2 for 20 % a month; greater than -1
   */
  record CompoundMonthly(double monthlyRate) implements GrowthAssumption {
    public CompoundMonthly {
      if (!(monthlyRate > -1) || !Double.isFinite(monthlyRate)) {
        throw new IllegalArgumentException(
            "growth: " + monthlyRate * 100 + "% a month must be greater than -100%");
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s%%", trim(monthlyRate * 100));
    }
  }

  /**
   * Parses {@code auto} (linear trend) or a monthly rate such as {@code 20%}, {@code 2.5%} or
   * {@code -5%}.
   */
  static GrowthAssumption parse(String text) {
    String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (trimmed.equals("auto") || trimmed.equals("trend")) {
      return new LinearTrend();
    }
    if (trimmed.endsWith("%")) {
      try {
        return new CompoundMonthly(
            Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).strip()) / 100);
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "growth: '"
            + text
            + "' must be auto (linear trend from history) or a monthly rate such as 20%");
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
