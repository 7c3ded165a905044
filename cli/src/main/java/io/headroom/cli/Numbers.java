package io.headroom.cli;

import java.util.Locale;

/** How the CLI writes numbers, in one place, so tables, CSV files and JSON agree. */
public final class Numbers {
  private Numbers() {}

  /**
   * Whole numbers without decimals, others in full ({@link Double#toString}): {@code 14}, {@code
   * 0.1234567}. For files.
   */
  public static String exact(double value) {
    return isWhole(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /**
   * Three decimals below 100, one from 100: {@code 0.123}, {@code 14.000}, {@code 123.4}; NaN as
   * {@code n/a}.
   */
  public static String decimals(double value) {
    return Double.isNaN(value) ? "n/a" : fixed(value);
  }

  /**
   * Whole numbers without decimals, others as {@link #decimals}: {@code 14}, {@code 0.123}, {@code
   * 123.4}.
   */
  public static String readable(double value) {
    return isWhole(value) ? Long.toString((long) value) : fixed(value);
  }

  private static boolean isWhole(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15;
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
  }
}
