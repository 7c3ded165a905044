package io.headroom.core.capacity;

import io.headroom.core.forecast.ForecastPoint;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Projects a daily load statistic (mean, p95 or peak of the per-minute load) to the end of a
 * planning horizon, for an average day of the week or for the busiest weekday.
 *
 * <ul>
 *   <li>{@link GrowthAssumption.LinearTrend}: a line plus weekday effects fitted by least squares
 *       through one point per day ({@link WeeklyTrend}); the result is the fitted value for one day
 *       at the horizon with its 95 % prediction interval, which carries the day-to-day noise and
 *       the uncertainty of every fitted parameter. Needs {@value #MIN_TREND_DAYS} usable days (each
 *       weekday twice).
 *   <li>{@link GrowthAssumption.CompoundMonthly}: the last {@value #RECENT_DAYS} usable days' mean
 *       (average day) or maximum (busiest weekday) times {@code (1 + rate)^months}.
 * </ul>
 *
 * <p>Only days with at least {@value #MIN_DAY_MINUTES} one-minute load windows (12 h) count: a
 * partial first or last day would bias its mean and peak.
 */
public final class GrowthProjector {
  /** A day with fewer one-minute load windows than this is left out of the projection. */
  public static final int MIN_DAY_MINUTES = 720;

  /**
   * A trend needs this many usable days: two weekly cycles, to tell growth from the weekly pattern.
   */
  public static final int MIN_TREND_DAYS = 14;

  /** A given growth rate starts from this many most recent usable days (one week). */
  public static final int RECENT_DAYS = 7;

  /** Average Gregorian month, 365.2425 / 12 days. */
  public static final Duration AVERAGE_MONTH = Duration.ofSeconds(2_629_746);

  private static final double LEVEL = 0.95;

  /** Which day of the week a projection is for. */
  public enum DayLevel {
    /** The weekly average: what a day brings on average. */
    AVERAGE_DAY,
    /** The weekday with the highest level of this statistic: what capacity must carry. */
    BUSIEST_WEEKDAY
  }

  private GrowthProjector() {}

  /** The days with enough minutes to be used, in day order. */
  public static List<DailyLoad> usableDays(List<DailyLoad> days) {
    return days.stream()
        .filter(d -> d.minutes() >= MIN_DAY_MINUTES)
        .sorted((a, b) -> a.day().compareTo(b.day()))
        .toList();
  }

  /**
   * Checks that {@code usable} days suffice for {@code growth}.
   *
   * @param daysWithAnyLoad all days with load windows, usable or not (for the message)
   * @throws IllegalArgumentException saying how much history there is and how much is needed
   */
  public static void requireEnoughHistory(
      List<DailyLoad> usable, long daysWithAnyLoad, GrowthAssumption growth) {
    int needed = growth instanceof GrowthAssumption.LinearTrend ? MIN_TREND_DAYS : 1;
    if (usable.size() >= needed) {
      return;
    }
    String have =
        usable.isEmpty()
            ? "no day with 12 h of load windows ("
                + daysWithAnyLoad
                + " partial day"
                + (daysWithAnyLoad == 1 ? "" : "s")
                + ")"
            : usable.size()
                + " usable day"
                + (usable.size() == 1 ? "" : "s")
                + " ("
                + usable.get(0).day()
                + " .. "
                + usable.get(usable.size() - 1).day()
                + ")";
    if (growth instanceof GrowthAssumption.LinearTrend) {
      throw new IllegalArgumentException(
          "too little history for a trend projection: "
              + have
              + "; the linear trend needs at least "
              + MIN_TREND_DAYS
              + " days (two weeks) with 12 h of per-minute load"
              + " windows each ("
              + (MIN_TREND_DAYS - usable.size())
              + " more), or give a monthly growth rate such as 10%"
              + " instead of auto");
    }
    throw new IllegalArgumentException(
        "too little history for a projection: "
            + have
            + "; at least 1 day with 12 h of per-minute load windows is needed");
  }

  /**
   * Projects {@code statistic} of the usable days {@code months} months past the last one.
   *
   * @param usable days from {@link #usableDays}, checked with {@link #requireEnoughHistory}
   */
  public static LoadProjection project(
      List<DailyLoad> usable,
      ToDoubleFunction<DailyLoad> statistic,
      GrowthAssumption growth,
      double months,
      DayLevel dayLevel) {
    if (!(months > 0)) {
      throw new IllegalArgumentException("months: " + months + " must be > 0");
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("usable days: at least one is needed");
    }
    if (growth instanceof GrowthAssumption.CompoundMonthly compound) {
      return compound(usable, statistic, compound.monthlyRate(), months, dayLevel);
    }
    return trend(usable, statistic, months, dayLevel);
  }

  /** The end of the history: midday of the last usable day, where projections start. */
  public static Instant lastDayMidpoint(List<DailyLoad> usable) {
    return midday(usable.get(usable.size() - 1));
  }

  public static Instant horizon(Instant from, double months) {
    return from.plusSeconds(Math.round(months * AVERAGE_MONTH.toSeconds()));
  }

  private static LoadProjection trend(
      List<DailyLoad> usable,
      ToDoubleFunction<DailyLoad> statistic,
      double months,
      DayLevel dayLevel) {
    WeeklyTrend model;
    try {
      model =
          WeeklyTrend.fit(
              usable.stream().map(GrowthProjector::midday).toList(),
              usable.stream().mapToDouble(statistic).toArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "too little history for a trend projection: "
              + e.getMessage()
              + " among "
              + usable.size()
              + " usable days; collect more days or give a monthly growth rate such as 10%",
          e);
    }
    DayOfWeek weekday = dayLevel == DayLevel.BUSIEST_WEEKDAY ? model.busiestWeekday() : null;
    Instant now = lastDayMidpoint(usable);
    ForecastPoint current = model.predict(now, weekday, LEVEL);
    ForecastPoint atHorizon = model.predict(horizon(now, months), weekday, LEVEL);
    double slopePerMonth = model.slopePerDay() * AVERAGE_MONTH.toSeconds() / 86_400.0;
    // Load is never negative: a falling trend bottoms out at zero.
    return new LoadProjection(
        Math.max(0, current.value()),
        Math.max(0, atHorizon.value()),
        Math.max(0, atHorizon.lower()),
        Math.max(0, atHorizon.upper()),
        slopePerMonth);
  }

  private static LoadProjection compound(
      List<DailyLoad> usable,
      ToDoubleFunction<DailyLoad> statistic,
      double rate,
      double months,
      DayLevel dayLevel) {
    List<DailyLoad> recent =
        usable.subList(Math.max(0, usable.size() - RECENT_DAYS), usable.size());
    double current =
        dayLevel == DayLevel.BUSIEST_WEEKDAY
            ? recent.stream().mapToDouble(statistic).max().orElseThrow()
            : recent.stream().mapToDouble(statistic).average().orElseThrow();
    double projected = current * Math.pow(1 + rate, months);
    return new LoadProjection(current, projected, projected, projected, Double.NaN);
  }

  private static Instant midday(DailyLoad day) {
    return day.day().atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
  }
}
