package io.headroom.core.workload;

import io.headroom.core.trace.TracePoint;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seasonal traffic with trend and noise: {@code base × (1 + trend·t) × daily(t) × weekly(t) ×
 * noise}. The daily shape peaks in the afternoon and bottoms out at night; weekends run at {@code
 * weekendFactor} of weekdays. Deterministic for a given seed.
 *
 * @param baseLoad mean load per step at the start, before seasonality
 * @param dailyAmplitude relative swing of the daily cycle (0..1)
 * @param weekendFactor weekend load relative to weekdays (e.g. 0.6)
 * @param trendPerDay relative growth per day (e.g. 0.01 for 1 % a day)
 * @param noise relative standard deviation of multiplicative noise
 */
public record SyntheticTraffic(
    double baseLoad,
    double dailyAmplitude,
    double weekendFactor,
    double trendPerDay,
    double noise) {

  public SyntheticTraffic {
    if (baseLoad <= 0) {
      throw new IllegalArgumentException("baseLoad must be > 0, was " + baseLoad);
    }
    if (dailyAmplitude < 0 || dailyAmplitude >= 1) {
      throw new IllegalArgumentException("dailyAmplitude must be in [0, 1), was " + dailyAmplitude);
    }
    if (weekendFactor <= 0) {
      throw new IllegalArgumentException("weekendFactor must be > 0, was " + weekendFactor);
    }
    if (noise < 0) {
      throw new IllegalArgumentException("noise must be >= 0, was " + noise);
    }
  }

  public static SyntheticTraffic typicalWebService(double baseLoad) {
    return new SyntheticTraffic(baseLoad, 0.6, 0.6, 0.005, 0.08);
  }

  /** The load expected at {@code time}, without noise. */
  public double expected(Instant start, Instant time) {
    double days = Duration.between(start, time).toSeconds() / 86_400.0;
    ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
    double hour = utc.getHour() + utc.getMinute() / 60.0;
    // Peak at 15:00 UTC, trough at 03:00.
    double daily = 1 + dailyAmplitude * Math.cos(2 * Math.PI * (hour - 15) / 24);
    boolean weekend =
        utc.getDayOfWeek() == DayOfWeek.SATURDAY || utc.getDayOfWeek() == DayOfWeek.SUNDAY;
    return baseLoad * (1 + trendPerDay * days) * daily * (weekend ? weekendFactor : 1);
  }

  public List<TracePoint> generate(Instant start, Duration step, int steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TracePoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      Instant time = start.plus(step.multipliedBy(i));
      double value = expected(start, time) * Math.max(0, 1 + noise * random.nextGaussian());
      points.add(new TracePoint(time, Math.round(value * 100) / 100.0));
    }
    return points;
  }
}
