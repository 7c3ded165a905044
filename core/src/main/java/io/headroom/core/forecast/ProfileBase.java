package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Double-seasonal exponential smoothing in error-correction form (Holt-Winters, as extended to two
 * seasons by Taylor, 2003): {@code base = (level + trend·h) × (1 + day(phase in day) + week(phase
 * in week))}, or additively {@code level + trend·h + day + week}. Each residual is shared out in
 * sequence: the level takes its gain's share, the daily profile a share of what is left, the weekly
 * profile a share of the rest. Multiplicative is the default: load grows in proportion (a busier
 * service has a bigger daily swing), so the profiles scale with the level and a trend carries the
 * swing along; measured better on every trace we tried.
 *
 * <p>Profiles are {@link PeriodicProfile} splines with at most {@code maxDayKnots} and {@code
 * maxWeekKnots} knots and at least two steps per weekly knot, so a knot averages several steps.
 * Gains are memories in days/weeks, independent of the step. Once a day the profiles' means move
 * into the level, and the day-over-day change of the level (Huber-clamped) updates the trend, which
 * forecasts damped. The weekly profile starts as the running mean of what the daily one left over
 * and joins the base after one full week. In multiplicative form the profiles learn relative
 * errors, taken against at least a tenth of the long-run mean and clamped at ±2, so a level near
 * zero (a quiet night, an outage) cannot blow them up.
 */
final class ProfileBase implements SeasonalBase {
  private final StepClock clock;
  private final int day;
  private final int week;
  private final double levelGain;
  private final double dayGain;
  private final double weekGain;
  private final double trendGain;
  private final double trendDamping;
  private final PeriodicProfile dayProfile;
  private final PeriodicProfile weekProfile;
  private final int detailRadius; // knots on each side of the hour-long smoothing window
  private final boolean multiplicative; // base = level × (1 + day + week), else level + day + week
  private double level = Double.NaN;
  private double trend; // per step
  private double dayStartLevel = Double.NaN; // level at the last recentring
  private long dayStartIndex;
  private double dailyChangeSpread; // mean |level change per day|, for a Huber clamp
  private double longMean; // exponentially weighted mean of the series over about a week
  private final double weekGainPerStep;

  ProfileBase(SeasonalPeriods periods, StepClock clock, SeasonalForecaster.Settings settings) {
    this.clock = clock;
    this.day = periods.daily();
    this.week = periods.weekly();
    double stepsPerDay = SeasonalPeriods.DAY_SECONDS / (double) periods.stepSeconds();
    levelGain = gain(settings.levelMemoryDays() * stepsPerDay);
    trendGain = settings.trendMemoryDays() > 0 ? 1 / Math.max(1, settings.trendMemoryDays()) : 0;
    trendDamping = 1 - gain(settings.trendDampingDays() * stepsPerDay);
    int dayKnots = day > 0 ? Math.min(day, settings.maxDayKnots()) : 0;
    // At least two steps per weekly knot: a weekly knot is seen once a week, so at coarse steps
    // (hourly) one step per knot would be a one-sample, noisy estimate.
    int weekKnots = week > 0 ? Math.min(Math.max(7, week / 2), settings.maxWeekKnots()) : 0;
    dayProfile = new PeriodicProfile(dayKnots);
    detailRadius = dayKnots / 48;
    multiplicative = settings.multiplicative();
    weekGainPerStep = gain(7 * stepsPerDay);
    weekProfile = new PeriodicProfile(weekKnots);
    // A knot of a profile with n knots over a period of p steps collects p / n observations per
    // period.
    dayGain = dayKnots > 0 ? gain(settings.dayMemoryDays() * day / (double) dayKnots) : 0;
    weekGain = weekKnots > 0 ? gain(settings.weekMemoryWeeks() * week / (double) weekKnots) : 0;
  }

  private static double gain(double memorySteps) {
    return 1 / Math.max(1, memorySteps);
  }

  @Override
  public void advance(long steps) {
    if (!Double.isNaN(level)) {
      level += trend * steps;
    }
  }

  @Override
  public double valueAt(long epochSecond, long horizon) {
    double levelAt = (Double.isNaN(level) ? 0 : level) + trendSum(horizon);
    if (multiplicative) {
      return Math.max(0, levelAt) * factor(seasonalAt(epochSecond));
    }
    return levelAt + seasonalAt(epochSecond);
  }

  /** The multiplicative seasonal factor, never negative. */
  private static double factor(double seasonal) {
    return Math.max(0, 1 + seasonal);
  }

  private double seasonalAt(long epochSecond) {
    double seasonal = dayProfile.valueAt(SeasonalPeriods.dayPhase(epochSecond));
    if (useWeek()) {
      seasonal += weekProfile.valueAt(SeasonalPeriods.weekPhase(epochSecond));
    }
    return seasonal;
  }

  @Override
  public double detailAt(long epochSecond) {
    double phase = SeasonalPeriods.dayPhase(epochSecond);
    double detail = dayProfile.valueAt(phase) - dayProfile.smoothedAt(phase, detailRadius);
    return multiplicative ? detail * Math.max(0, Double.isNaN(level) ? 0 : level) : detail;
  }

  private boolean useWeek() {
    return week > 0 && clock.span() > week;
  }

  /** Trend over the horizon, damped: trend × Σ_{i=1..h} φ^i. */
  private double trendSum(long horizon) {
    if (horizon <= 0 || trend == 0) {
      return 0;
    }
    double phi = trendDamping;
    return trend * phi * (1 - Math.pow(phi, horizon)) / (1 - phi);
  }

  @Override
  public void learn(long index, long epochSecond, double residual, boolean sustained) {
    if (Double.isNaN(level)) {
      level = residual; // the first observation: the base was 0
      longMean = residual;
      return;
    }
    double dayPhase = SeasonalPeriods.dayPhase(epochSecond);
    double weekPhase = SeasonalPeriods.weekPhase(epochSecond);
    double r = residual;
    if (multiplicative) {
      longMean += weekGainPerStep * (valueAt(epochSecond, 0) + residual - longMean);
      // Errors are shared out in level units (e / factor) and profile units (e / level). A level
      // near zero (an outage, a quiet series) must not turn noise into huge relative errors, so
      // the profiles see errors relative to at least a tenth of the long-run mean, at most ±2.
      // A factor near zero (a quiet night) would turn the level's share into a huge step.
      double factor = Math.max(0.25, factor(seasonalAt(epochSecond)));
      double levelStep = levelGain * r / factor;
      level += levelStep;
      r -= levelStep * factor;
      double unit = Math.max(Math.max(level, 0.1 * longMean), 1e-12);
      if (!sustained) {
        r -= unit * dayProfile.learn(dayPhase, clampRelative(r / unit), dayGain);
        learnWeek(weekPhase, clampRelative(r / unit));
      }
    } else {
      double levelStep = levelGain * r;
      level += levelStep;
      r -= levelStep;
      if (!sustained) {
        r -= dayProfile.learn(dayPhase, r, dayGain);
        learnWeek(weekPhase, r);
      }
    }
    if (index % Math.max(1, day) == 0) {
      recentre(index);
    }
  }

  private static double clampRelative(double x) {
    return Math.max(-2, Math.min(2, x));
  }

  private void learnWeek(double weekPhase, double r) {
    if (useWeek()) {
      weekProfile.learn(weekPhase, r, weekGain);
    } else if (week > 0) {
      // Not yet part of the base: the first week's profile is the mean of what the rest left over.
      weekProfile.learnLevel(weekPhase, r, weekGain);
    }
  }

  /** Moves the means of the profiles into the level, so that the profiles stay shapes. */
  private void recentre(long index) {
    double dayMean = dayProfile.mean();
    double weekMean = useWeek() ? weekProfile.mean() : 0;
    if (multiplicative) {
      // level × (1 + d + w) = level·t × (1 + (d − d̄)/t + (w − w̄)/t) with t = 1 + d̄ + w̄
      double total = 1 + dayMean + weekMean;
      if (total > 0.1) {
        level *= total;
        dayProfile.shift(-dayMean, 1 / total);
        weekProfile.shift(-weekMean, 1 / total);
      }
    } else {
      level += dayMean + weekMean;
      dayProfile.shift(-dayMean, 1);
      weekProfile.shift(-weekMean, 1);
    }
    learnTrend(index);
  }

  /**
   * The trend is the smoothed change of the deseasonalised level from one day to the next (the
   * profiles absorb most of a slow drift within a day; recentring hands it to the level). Day
   * changes are Huber-clamped at 3 × their mean size, so an outage does not become a trend.
   */
  private void learnTrend(long index) {
    if (trendGain > 0 && !Double.isNaN(dayStartLevel) && index > dayStartIndex) {
      double change = level - dayStartLevel;
      if (dailyChangeSpread > 0) {
        change = Math.max(-3 * dailyChangeSpread, Math.min(3 * dailyChangeSpread, change));
      }
      dailyChangeSpread +=
          (dailyChangeSpread == 0 ? 1 : trendGain) * (Math.abs(change) - dailyChangeSpread);
      trend += trendGain * (change / (index - dayStartIndex) - trend);
    }
    dayStartLevel = level;
    dayStartIndex = index;
  }

  double level() {
    return level;
  }

  double trendPerStep() {
    return trend;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeDouble(level);
    out.writeDouble(trend);
    out.writeDouble(dayStartLevel);
    out.writeLong(dayStartIndex);
    out.writeDouble(dailyChangeSpread);
    out.writeDouble(longMean);
    dayProfile.write(out);
    weekProfile.write(out);
  }

  @Override
  public void read(DataInput in) throws IOException {
    level = in.readDouble();
    trend = in.readDouble();
    dayStartLevel = in.readDouble();
    dayStartIndex = in.readLong();
    dailyChangeSpread = in.readDouble();
    longMean = in.readDouble();
    dayProfile.read(in);
    weekProfile.read(in);
  }
}
