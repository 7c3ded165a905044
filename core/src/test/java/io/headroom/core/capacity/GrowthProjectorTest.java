package io.headroom.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.LinearGrowthModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GrowthProjectorTest {
  static final LocalDate DAY0 = LocalDate.parse("2026-10-01");
  private static final GrowthAssumption TREND = new GrowthAssumption.LinearTrend();
  private static final GrowthProjector.DayLevel AVERAGE = GrowthProjector.DayLevel.AVERAGE_DAY;
  private static final GrowthProjector.DayLevel BUSIEST = GrowthProjector.DayLevel.BUSIEST_WEEKDAY;

  /**
   * Days from DAY0 midday to the horizon of a 3-month plan made after 28 days (last day index 27).
   */
  private static final double HORIZON_DAYS = 27 + 3 * 30.436875;

  @Test
  void trend_recoversAKnownSlope_andTheTrueLevelAtTheHorizonLiesInsideTheInterval() {
    // mean load = 100 + 2 req/s per day, noise sd 5: the naive answer (last day × 1) would miss
    // +183 req/s.
    List<DailyLoad> days = noisyLine(100, 2, 5, 28, 42);

    LoadProjection projection = GrowthProjector.project(days, DailyLoad::mean, TREND, 3, AVERAGE);

    double trueAtHorizon = 100 + 2 * HORIZON_DAYS;
    assertThat(projection.slopePerMonth()).isCloseTo(2 * 30.436875, within(0.15 * 2 * 30.436875));
    assertThat(projection.current()).isCloseTo(100 + 2 * 27, within(6.0));
    assertThat(projection.projected()).isCloseTo(trueAtHorizon, within(0.1 * trueAtHorizon));
    assertThat(trueAtHorizon).isBetween(projection.lower(), projection.upper());
    // The interval for 3 months out is wider than the noise band of one day (±1.96 × 5).
    assertThat(projection.upper() - projection.lower()).isGreaterThan(2 * 1.96 * 5);
  }

  @Test
  void trendInterval_coversAFutureNoisyDay_about95PercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(7);
    int trials = 400;
    int covered = 0;
    for (int trial = 0; trial < trials; trial++) {
      List<DailyLoad> days = noisyLine(50, 0.5, 4, 21, random.nextLong());
      LoadProjection p = GrowthProjector.project(days, DailyLoad::mean, TREND, 1, AVERAGE);
      double futureDay = 50 + 0.5 * (20 + 30.436875) + 4 * random.nextGaussian();
      if (futureDay >= p.lower() && futureDay <= p.upper()) {
        covered++;
      }
    }
    assertThat(covered / (double) trials)
        .as("coverage of the 95 %% interval over %d seeded trials", trials)
        .isBetween(0.92, 0.98);
  }

  @Test
  void weeklyPattern_isSeparatedFromTheTrend_whereAPlainLineWouldSeeDecline() {
    // Two weeks from Monday 2026-10-05: 100 + 1 req/s per day, Wednesday +50, Sunday -50, noise sd
    // 1.
    LocalDate monday = LocalDate.parse("2026-10-05");
    SplittableRandom random = new SplittableRandom(17);
    List<DailyLoad> days = new ArrayList<>();
    LinearGrowthModel plainLine = new LinearGrowthModel(0.95);
    for (int i = 0; i < 14; i++) {
      LocalDate day = monday.plusDays(i);
      double effect =
          switch (day.getDayOfWeek()) {
            case WEDNESDAY -> 50;
            case SUNDAY -> -50;
            default -> 0;
          };
      double mean = 100 + i + effect + random.nextGaussian();
      days.add(new DailyLoad(day, 1440, mean, mean, mean));
      plainLine.add(
          day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(43_200), mean);
    }
    // The naive answer: the quiet Sunday at the end of each week tilts a plain line well below +1 a
    // day.
    assertThat(plainLine.slopePerDay()).isLessThan(0.5);

    LoadProjection average = GrowthProjector.project(days, DailyLoad::mean, TREND, 1, AVERAGE);
    LoadProjection busiest = GrowthProjector.project(days, DailyLoad::mean, TREND, 1, BUSIEST);

    // The weekday effects sum to zero, so an average day at the horizon is the line itself.
    double averageDayAtHorizon = 100 + 13 + 30.436875;
    assertThat(average.slopePerMonth() / 30.436875).isCloseTo(1, within(0.15));
    assertThat(averageDayAtHorizon).isBetween(average.lower(), average.upper());
    assertThat(busiest.projected() - average.projected()).isCloseTo(50, within(3.0)); // Wednesday
    assertThat(100 + 13 + 30.436875 + 50).isBetween(busiest.lower(), busiest.upper());
  }

  @Test
  void compoundRate_growsTheMeanOfTheLastSevenDays() {
    List<DailyLoad> days = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      days.add(new DailyLoad(DAY0.plusDays(i), 1440, i < 3 ? 1000 : 100, 150, 200));
    }
    LoadProjection projection =
        GrowthProjector.project(
            days, DailyLoad::mean, new GrowthAssumption.CompoundMonthly(0.1), 3, AVERAGE);
    assertThat(projection.current()).isEqualTo(100);
    assertThat(projection.projected()).isCloseTo(100 * 1.1 * 1.1 * 1.1, within(1e-9));
    assertThat(projection.lower()).isEqualTo(projection.projected());
    assertThat(projection.upper()).isEqualTo(projection.projected());
  }

  @Test
  void fallingTrend_bottomsOutAtZero() {
    List<DailyLoad> days = noisyLine(100, -5, 0.5, 14, 3);
    LoadProjection projection = GrowthProjector.project(days, DailyLoad::mean, TREND, 6, AVERAGE);
    assertThat(projection.projected()).isZero();
    assertThat(projection.lower()).isZero();
  }

  @Test
  void partialDays_areLeftOut() {
    List<DailyLoad> days = new ArrayList<>(noisyLine(10, 0, 1, 7, 1));
    days.add(new DailyLoad(DAY0.minusDays(1), 719, 1, 1, 1));
    assertThat(GrowthProjector.usableDays(days))
        .hasSize(7)
        .first()
        .extracting(DailyLoad::day)
        .isEqualTo(DAY0);
  }

  @Test
  void fiveDays_areTooFewForATrend_andTheMessageSaysHowManyMoreAreNeeded() {
    List<DailyLoad> usable = noisyLine(10, 1, 1, 5, 1);
    assertThatThrownBy(() -> GrowthProjector.requireEnoughHistory(usable, 6, TREND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "too little history for a trend projection: 5 usable days (2026-10-01 .. 2026-10-05); the linear"
                + " trend needs at least 14 days (two weeks) with 12 h of per-minute load windows each (9 more), or give a"
                + " monthly growth rate such as 10% instead of auto");
    GrowthProjector.requireEnoughHistory(usable, 6, new GrowthAssumption.CompoundMonthly(0.1));
  }

  @Test
  void fourteenDaysWithASundayMissing_cannotSeparateTheWeeklyPattern_andSaySo() {
    // 2026-10-01 is a Thursday: days 0..15 hold Sundays on days 3 and 10; leave out day 10.
    List<DailyLoad> days = new ArrayList<>(noisyLine(10, 1, 1, 16, 1));
    days.remove(10);
    days.remove(14); // the last day, a Friday (three Fridays in 16 days)
    assertThat(days).hasSize(14);
    assertThatThrownBy(() -> GrowthProjector.project(days, DailyLoad::mean, TREND, 1, AVERAGE))
        .hasMessage(
            "too little history for a trend projection: the weekly pattern needs every weekday at least twice;"
                + " SUNDAY occurs 1 time(s) among 14 usable days; collect more days or give a monthly growth rate such as 10%");
  }

  @Test
  void onlyPartialDays_areTooFewEvenForAGivenRate() {
    assertThatThrownBy(
            () ->
                GrowthProjector.requireEnoughHistory(
                    List.of(), 2, new GrowthAssumption.CompoundMonthly(0.1)))
        .hasMessage(
            "too little history for a projection: no day with 12 h of load windows (2 partial days);"
                + " at least 1 day with 12 h of per-minute load windows is needed");
  }

  @Test
  void growth_parsesAutoAndMonthlyRates_andNamesTheFieldOtherwise() {
    assertThat(GrowthAssumption.parse("auto")).isEqualTo(new GrowthAssumption.LinearTrend());
    assertThat(GrowthAssumption.parse("20%")).isEqualTo(new GrowthAssumption.CompoundMonthly(0.2));
    assertThat(GrowthAssumption.parse(" -5 %"))
        .isEqualTo(new GrowthAssumption.CompoundMonthly(-0.05));
    assertThat(GrowthAssumption.parse("20%").toString()).isEqualTo("20%");
    assertThatThrownBy(() -> GrowthAssumption.parse("20"))
        .hasMessage(
            "growth: '20' must be auto (linear trend from history) or a monthly rate such as 20%");
    assertThatThrownBy(() -> GrowthAssumption.parse("-150%"))
        .hasMessage("growth: -150.0% a month must be greater than -100%");
  }

  /**
   * Complete days with mean = intercept + slope × day + N(0, sd); p95 and peak at fixed ratios
   * above the mean.
   */
  static List<DailyLoad> noisyLine(double intercept, double slope, double sd, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DailyLoad> days = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double mean = Math.max(0, intercept + slope * i + sd * random.nextGaussian());
      days.add(new DailyLoad(DAY0.plusDays(i), 1440, mean, 1.5 * mean, 2 * mean));
    }
    return days;
  }
}
