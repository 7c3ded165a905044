package io.headroom.core.forecast;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic load series with known structure, for model tests: a daily shape (peak in the
 * afternoon), weekends at {@code weekendFactor} of weekdays, optional linear growth, Gaussian
 * noise, a level shift, gaps and spikes.
 */
final class SyntheticSeries {
  /** Monday 2024-03-04 00:00 UTC. */
  static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

  static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  private Duration step = ONE_MINUTE;
  private double level = 100;
  private double dailyAmplitude = 0.5;
  private double weekendFactor = 0.6;
  private double growthPerDay = 0;
  private double noise = 0.05;
  private Instant shiftAt;
  private double shiftFactor = 1;
  private Instant gapFrom;
  private Instant gapTo;
  private double spikeProbability;
  private long seed = 1;

  static SyntheticSeries perMinute() {
    return new SyntheticSeries();
  }

  SyntheticSeries step(Duration value) {
    step = value;
    return this;
  }

  SyntheticSeries level(double value) {
    level = value;
    return this;
  }

  SyntheticSeries weekendFactor(double value) {
    weekendFactor = value;
    return this;
  }

  SyntheticSeries growthPerDay(double fraction) {
    growthPerDay = fraction;
    return this;
  }

  /** Noise standard deviation as a fraction of the noise-free value. */
  SyntheticSeries noise(double fraction) {
    noise = fraction;
    return this;
  }

  SyntheticSeries shift(Instant at, double factor) {
    shiftAt = at;
    shiftFactor = factor;
    return this;
  }

  SyntheticSeries gap(Instant from, Instant to) {
    gapFrom = from;
    gapTo = to;
    return this;
  }

  SyntheticSeries spikes(double probability) {
    spikeProbability = probability;
    return this;
  }

  SyntheticSeries seed(long value) {
    seed = value;
    return this;
  }

  /** The noise-free value at {@code t}. */
  double truth(Instant t) {
    double days = Duration.between(T0, t).getSeconds() / 86_400.0;
    double hourOfDay = (t.getEpochSecond() % 86_400) / 3600.0;
    double shape = 1 + dailyAmplitude * Math.cos(2 * Math.PI * (hourOfDay - 15) / 24);
    double week = 1 + (weekendFactor - 1) * weekend(t);
    double shift = shiftAt != null && !t.isBefore(shiftAt) ? shiftFactor : 1;
    return level * (1 + growthPerDay * days) * shape * week * shift;
  }

  /**
   * 1 on Saturday and Sunday, 0 on weekdays, with a smooth change over about 4 hours around
   * midnight (real traffic does not jump at 00:00).
   */
  private static double weekend(Instant t) {
    double dayOfWeek =
        Math.floorMod(t.getEpochSecond() + 3 * 86_400L, 7 * 86_400L) / 86_400.0; // 0 = Monday
    double intoWeekend = 1 / (1 + Math.exp(-(dayOfWeek - 5) * 24 / 1.0));
    double outOfWeekend = 1 / (1 + Math.exp(-(dayOfWeek - 7) * 24 / 1.0));
    double fromLastWeek =
        1 - 1 / (1 + Math.exp(-(dayOfWeek) * 24 / 1.0)); // Sunday night into Monday
    return intoWeekend - outOfWeekend + fromLastWeek;
  }

  /** The series over {@code length} from {@link #T0}, at the step, with noise, gaps and spikes. */
  Trace trace(Duration length) {
    Random random = new Random(seed);
    List<TracePoint> points = new ArrayList<>();
    long n = length.getSeconds() / step.getSeconds();
    for (long i = 0; i < n; i++) {
      Instant t = T0.plusSeconds(i * step.getSeconds());
      double value = truth(t) * (1 + noise * random.nextGaussian());
      if (spikeProbability > 0 && random.nextDouble() < spikeProbability) {
        value *= 20;
      }
      if (gapFrom != null && !t.isBefore(gapFrom) && t.isBefore(gapTo)) {
        continue;
      }
      points.add(new TracePoint(t, Math.max(0, value)));
    }
    return new Trace(points, step, 0);
  }

  static void feed(LoadForecaster model, Trace trace) {
    for (TracePoint p : trace.points()) {
      model.update(p.timestamp(), p.value());
    }
  }
}
