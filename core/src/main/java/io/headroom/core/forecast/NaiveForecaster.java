package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The naive baseline: every future step equals the last observed value.
 *
 * <p>Intervals come from the model's own errors at each horizon, {@code y(t) - y(t - h)}, tracked
 * by {@link HorizonIntervals} for h = 1, 2, 4, ... up to one day (at most 2048 steps), which needs
 * a ring of that many past values: memory O(steps per day), update O(log(steps per day)). Trusted
 * after {@value #TRUSTED_AFTER} observations.
 */
public final class NaiveForecaster extends GridForecaster {
  static final String NAME = "naive";
  private static final int TRUSTED_AFTER = 10;

  private final SeasonalPeriods periods;
  private final HorizonIntervals intervals;
  private final double[] ring;
  private double last = Double.NaN;

  public NaiveForecaster(SeasonalPeriods periods) {
    super(periods);
    this.periods = periods;
    int maxLag = intervalLag(periods);
    this.intervals = HorizonIntervals.inTime(maxLag, periods, 0.95, 1, 0);
    this.ring = new double[maxLag + 1];
    Arrays.fill(ring, Double.NaN);
  }

  /** The longest horizon with its own error bucket: one day, at least 16 and at most 2048 steps. */
  static int intervalLag(SeasonalPeriods periods) {
    int daily = periods.daily() > 0 ? periods.daily() : 16;
    return Math.max(16, Math.min(2048, daily));
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
    checkValue(time, value);
    long previous = clock.lastIndex();
    long k = clock.advance(time);
    for (long missing = Math.max(previous + 1, k - ring.length + 1); missing < k; missing++) {
      ring[(int) (missing % ring.length)] = Double.NaN;
    }
    for (int b = 0; b < intervals.buckets(); b++) {
      long source = k - intervals.lag(b);
      if (source >= 0) {
        double past = ring[(int) (source % ring.length)];
        if (!Double.isNaN(past)) {
          intervals.add(b, value - past);
        }
      }
    }
    ring[(int) (k % ring.length)] = value;
    last = value;
  }

  static void checkValue(Instant time, double value) {
    if (time == null) {
      throw new IllegalArgumentException("time must not be null");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "value: " + value + " at " + time + " must be finite and >= 0");
    }
  }

  @Override
  List<ForecastPoint> forecastFrom(long firstIndex, int steps) {
    List<ForecastPoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      long index = firstIndex + i;
      long horizon = index - clock.lastIndex();
      points.add(
          point(clock.timeOf(index), last, intervals.lower(horizon), intervals.upper(horizon)));
    }
    return points;
  }

  /**
   * A point with its interval, clipped at zero (load is never negative); unknown bounds are 0 and
   * +inf.
   */
  static ForecastPoint point(Instant time, double value, double lowerError, double upperError) {
    double v = Math.max(0, value);
    double lower = Double.isNaN(lowerError) ? 0 : Math.max(0, Math.min(v, value + lowerError));
    double upper =
        Double.isNaN(upperError) ? Double.POSITIVE_INFINITY : Math.max(v, value + upperError);
    return new ForecastPoint(time, v, lower, upper);
  }

  @Override
  public boolean isTrusted() {
    return clock.observations() >= TRUSTED_AFTER;
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
    ForecasterCodec.readInto(in, ring, "naive ring");
    last = in.readDouble();
  }
}
