package io.headroom.core.sketch;

/**
 * Summary of one window's samples. count, sum, min, max and mean are exact; the percentiles are
 * within the sketch's relative accuracy of the exact (lower) percentiles. NaN fields when empty.
 */
public record WindowStats(
    long count,
    double sum,
    double min,
    double max,
    double mean,
    double p50,
    double p90,
    double p95,
    double p99) {
  public static final WindowStats EMPTY =
      new WindowStats(
          0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
