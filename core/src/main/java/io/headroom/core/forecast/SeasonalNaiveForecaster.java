package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seasonal-naive baseline, with the rule of the rolling-origin evaluation: a future step takes
 * the value one day earlier when that is already known, else the value one week earlier (else the
 * same time in the latest known week). A missing source value (a gap) falls back to the same phase
 * one more day or week back, then to the last observed value.
 *
 * <p>Intervals come from the model's own errors {@code y(t) - y(t - day)} and {@code y(t) - y(t -
 * week)}, one pair of quantiles for each lag. Memory: a ring of one week of values (10,080 doubles
 * at a 1-minute step); update O(1). Trusted after two weeks (two days when the step is too coarse
 * for a weekly period; as the naive model when both periods are missing).
 */
public final class SeasonalNaiveForecaster extends GridForecaster {
  static final String NAME = "seasonal-naive";

  private final SeasonalPeriods periods;
  private final int day;
  private final int week;
  private final HorizonIntervals intervals;
  private final double[] ring;
  private double last = Double.NaN;

  public SeasonalNaiveForecaster(SeasonalPeriods periods) {
    super(periods);
    this.periods = periods;
    this.day = periods.daily();
    this.week = periods.weekly();
    // bucket 0: errors at the daily lag, bucket 1: at the weekly lag. A week of memory for the
    // spread too: day-lag errors are large on the days after a weekend and small on the others.
    this.intervals = HorizonIntervals.inTime(2, periods, 0.95, 7, 0);
    this.ring = new double[Math.max(1, Math.max(day, week))];
    Arrays.fill(ring, Double.NaN);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeasonalPeriods periods() {
    return periods;
  }

  @Override
  public void update(Instant time, double value) {
    NaiveForecaster.checkValue(time, value);
    long previous = clock.lastIndex();
    long k = clock.advance(time);
    for (long missing = Math.max(previous + 1, k - ring.length + 1); missing < k; missing++) {
      ring[(int) (missing % ring.length)] = Double.NaN;
    }
    if (day > 0) {
      double past = valueAt(k - day, k - 1);
      if (!Double.isNaN(past)) {
        intervals.add(0, value - past);
      }
    }
    if (week > 0) {
      double past = valueAt(k - week, k - 1);
      if (!Double.isNaN(past)) {
        intervals.add(1, value - past);
      }
    }
    ring[(int) (k % ring.length)] = value;
    last = value;
  }

  /**
   * The stored value at {@code index}, NaN if missing or out of the ring (relative to {@code
   * newest}).
   */
  private double valueAt(long index, long newest) {
    if (index < 0 || index > newest || newest - index >= ring.length) {
      return Double.NaN;
    }
    return ring[(int) (index % ring.length)];
  }

  @Override
  List<ForecastPoint> forecastFrom(long firstIndex, int steps) {
    long lastIndex = clock.lastIndex();
    List<ForecastPoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      long index = firstIndex + i;
      int lag = lagFor(index - lastIndex);
      double value = Double.NaN;
      if (lag > 0) {
        long source = index - lag;
        while (source > lastIndex) {
          source -= lag;
        }
        for (;
            Double.isNaN(value) && lastIndex - source < ring.length && source >= 0;
            source -= lag) {
          value = valueAt(source, lastIndex);
        }
      }
      int bucket = lag == day ? 0 : 1;
      if (Double.isNaN(value)) {
        value = last;
      }
      points.add(
          NaiveForecaster.point(
              clock.timeOf(index), value, intervals.lowerAt(bucket), intervals.upperAt(bucket)));
    }
    return points;
  }

  /** Day lag while the day-earlier value is known at the origin, else the week lag (0: none). */
  private int lagFor(long horizon) {
    if (day > 0 && horizon <= day) {
      return day;
    }
    return week > 0 ? week : day;
  }

  @Override
  public boolean isTrusted() {
    long season = week > 0 ? week : day > 0 ? day : 5;
    return clock.span() >= 2 * season;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    clock.write(out);
    intervals.write(out);
    ForecasterCodec.writeArray(out, ring);
    out.writeDouble(last);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    clock.read(in);
    intervals.read(in);
    ForecasterCodec.readInto(in, ring, "seasonal-naive ring");
    last = in.readDouble();
  }
}
