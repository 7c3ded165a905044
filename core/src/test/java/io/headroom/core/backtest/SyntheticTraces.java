package io.headroom.core.backtest;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic request traces for backtests that must not depend on the NASA file.
 *
 * <p>{@link #seasonal}: per-minute request counts over whole weeks with a daily cycle (peak in the
 * afternoon UTC, trough at night), a weekly cycle (quieter weekend), a linear trend, slowly
 * wandering multiplicative noise (an AR(1) log-normal factor, as real traffic drifts from its
 * profile) and Poisson counting noise on top. Two kinds of surge, because a smooth cycle never
 * outruns a 70 % utilization target: a scheduled one every weekday at 12:00 UTC (traffic doubles
 * within a minute and decays over half an hour, like a daily newsletter or batch kick-off:
 * seasonal, so forecastable), and random ones (about three a day, +50..150 % for 5..15 minutes: not
 * forecastable).
 */
final class SyntheticTraces {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday

  private SyntheticTraces() {}

  /**
   * @param weeks length in whole weeks
   * @param base mean requests per minute at the start, before the cycles
   * @param trendPerWeek relative growth per week (0.05 = +5 % a week)
   * @param burstsPerDay mean number of random (unforecastable) surges a day
   * @param seed random seed
   */
  static Trace seasonal(
      int weeks, double base, double trendPerWeek, double burstsPerDay, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int minutes = weeks * 7 * 24 * 60;
    List<TracePoint> points = new ArrayList<>(minutes);
    double drift = 0; // log of the slow multiplicative noise
    int burstLeft = 0;
    double burst = 0;
    for (int i = 0; i < minutes; i++) {
      Instant time = START.plusSeconds(60L * i);
      double hour = (i % 1440) / 60.0;
      int dayOfWeek = time.atZone(ZoneOffset.UTC).getDayOfWeek().getValue(); // 1 = Monday
      double daily = 1 + 0.6 * Math.sin(2 * Math.PI * (hour - 9) / 24); // peak at 15:00 UTC
      double weekly = dayOfWeek == 6 ? 0.75 : dayOfWeek == 7 ? 0.65 : 1.0;
      double trend = 1 + trendPerWeek * i / (7 * 1440.0);
      drift = 0.97 * drift + 0.02 * gaussian(random);
      int sinceNoon = (i % 1440) - 12 * 60;
      double scheduled =
          dayOfWeek <= 5 && sinceNoon >= 0 && sinceNoon < 90 ? Math.exp(-sinceNoon / 30.0) : 0;
      if (burstLeft == 0 && random.nextDouble() < burstsPerDay / 1440) {
        burstLeft = 5 + random.nextInt(11);
        burst = 0.5 + random.nextDouble();
      }
      double randomSurge = burstLeft > 0 ? burst : 0;
      burstLeft = Math.max(0, burstLeft - 1);
      double rate = base * daily * weekly * trend * Math.exp(drift) * (1 + scheduled + randomSurge);
      points.add(new TracePoint(time, poisson(rate, random)));
    }
    return new Trace(points, Duration.ofMinutes(1), 0);
  }

  /** {@link #seasonal(int, double, double, double, long)} with about three random surges a day. */
  static Trace seasonal(int weeks, double base, double trendPerWeek, long seed) {
    return seasonal(weeks, base, trendPerWeek, 3, seed);
  }

  /** Writes {@code timestamp,requests} rows, as the trace files in shared/traces. */
  static void write(Trace trace, Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write("timestamp,requests\n");
      for (TracePoint point : trace.points()) {
        writer.write(point.timestamp() + "," + (long) point.value() + "\n");
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static long poisson(double mean, SplittableRandom random) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
