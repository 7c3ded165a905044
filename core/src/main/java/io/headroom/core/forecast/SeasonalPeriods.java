package io.headroom.core.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * The regular step of a series and the daily and weekly seasonal periods derived from it, in steps.
 *
 * <p>The phase of a point inside a day or a week follows from its timestamp alone (UTC), so it
 * survives gaps. A period of fewer than two steps means that seasonality cannot be seen at this
 * step (a daily period at a 1-day step) and is reported as 0.
 *
 * @param step the regular step, at least one second
 * @param daily steps per day (1440 at a 1-minute step), 0 if the step is a day or longer
 * @param weekly steps per week (10080 at a 1-minute step), 0 if the step is a week or longer
 */
public record SeasonalPeriods(Duration step, int daily, int weekly) {
  static final long DAY_SECONDS = 86_400;
  static final long WEEK_SECONDS = 7 * DAY_SECONDS;

  public SeasonalPeriods {
    if (step == null || step.getSeconds() < 1 || step.getNano() != 0) {
      throw new IllegalArgumentException(
          "step: " + step + " must be a whole number of seconds >= 1s");
    }
  }

  /** Derives the periods from the step: 1 day / step and 1 week / step (rounded). */
  public static SeasonalPeriods of(Duration step) {
    if (step == null || step.getSeconds() < 1 || step.getNano() != 0) {
      throw new IllegalArgumentException(
          "step: " + step + " must be a whole number of seconds >= 1s");
    }
    long seconds = step.getSeconds();
    int daily = (int) Math.min(Integer.MAX_VALUE, Math.round((double) DAY_SECONDS / seconds));
    int weekly = (int) Math.min(Integer.MAX_VALUE, Math.round((double) WEEK_SECONDS / seconds));
    return new SeasonalPeriods(step, daily >= 2 ? daily : 0, weekly >= 2 ? weekly : 0);
  }

  public long stepSeconds() {
    return step.getSeconds();
  }

  /** Whole steps from {@code from} to {@code to}, rounded down. */
  public long stepsBetween(Instant from, Instant to) {
    return Math.floorDiv(to.getEpochSecond() - from.getEpochSecond(), step.getSeconds());
  }

  /** Position of {@code epochSecond} inside the day as a fraction in [0, 1), from UTC midnight. */
  public static double dayPhase(long epochSecond) {
    return Math.floorMod(epochSecond, DAY_SECONDS) / (double) DAY_SECONDS;
  }

  /**
   * Position of {@code epochSecond} inside the week as a fraction in [0, 1), from Monday 00:00 UTC.
   */
  public static double weekPhase(long epochSecond) {
    // The epoch was a Thursday; shift by 3 days so that the week starts on Monday.
    return Math.floorMod(epochSecond + 3 * DAY_SECONDS, WEEK_SECONDS) / (double) WEEK_SECONDS;
  }
}
