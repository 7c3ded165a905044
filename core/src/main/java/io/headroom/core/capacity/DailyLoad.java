package io.headroom.core.capacity;

import java.time.LocalDate;

/**
 * One UTC day of a service's load history: statistics over the day's per-minute load.
 *
 * @param day the UTC calendar day
 * @param minutes how many one-minute windows of the day hold load (1440 for a complete day)
 * @param mean mean per-minute load (requests per second)
 * @param p95 95th percentile of the per-minute load
 * @param peak highest per-minute load
 */
public record DailyLoad(LocalDate day, long minutes, double mean, double p95, double peak) {
  public DailyLoad {
    if (minutes < 0 || minutes > 1440) {
      throw new IllegalArgumentException(
          "minutes: " + minutes + " must be in [0, 1440] for " + day);
    }
    if (!(mean >= 0 && p95 >= 0 && peak >= 0)) {
      throw new IllegalArgumentException(
          "load on "
              + day
              + ": mean "
              + mean
              + ", p95 "
              + p95
              + ", peak "
              + peak
              + " must all be finite and >= 0");
    }
  }
}
