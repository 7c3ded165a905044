package io.headroom.core.workload;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Seeded per-minute traces that break what a model fitted on one trace would assume: the suite's
 * stand-ins for traffic nobody tuned on. Six weeks each, Poisson counts around a mean built from a
 * daily and weekly cycle, then changed:
 *
 * <ul>
 *   <li>{@code growth-spikes}: the level grows fourfold over the six weeks, with about one sharp
 *       event a day (three to six times the load for 10 to 60 minutes);
 *   <li>{@code level-shift}: the level falls to 40 % in week three (traffic moved away), then jumps
 *       to 150 % in week five;
 *   <li>{@code shape-shift}: the daily peak moves from 14:00 to 21:00 UTC in week three and the
 *       weekend dip disappears (a new region's users);
 *   <li>{@code bursty-walk}: no seasonality, a level that wanders (log random walk) with bursts.
 *   <li>{@code idle-week}: the daily and weekly cycle, silent (zero) through week three (a paused
 *       service, a long outage), then back as before.
 *   <li>{@code utilisation}: CPU cores in use rather than requests: the daily and weekly cycle
 *       around 4 cores with noise of the same size (0.25 cores) at any level, not count noise.
 * </ul>
 */
public final class RegimeChangeTraces {
  /** The names {@link #create} accepts. */
  public static final List<String> NAMES =
      List.of(
          "growth-spikes", "level-shift", "shape-shift", "bursty-walk", "idle-week", "utilisation");

  static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday
  private static final int MINUTES = 6 * 7 * 1440;
  static final double BASE = 120; // requests per minute at the daily mean
  static final double CORES = 4; // utilisation's daily mean
  static final double CORE_NOISE = 0.25; // utilisation's noise, cores (standard deviation)

  private RegimeChangeTraces() {}

  /**
   * The named trace, identical for the same seed.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  public static Trace create(String name, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    DoubleUnaryOperator mean =
        switch (name) {
          case "growth-spikes" -> growthSpikes(random);
          case "level-shift" ->
              minute ->
                  seasonal(minute, 14, 0.7) * (week(minute) < 2 ? 1 : week(minute) < 4 ? 0.4 : 1.5);
          case "shape-shift" ->
              minute -> week(minute) < 2 ? seasonal(minute, 14, 0.7) : seasonal(minute, 21, 1);
          case "bursty-walk" -> burstyWalk(random);
          case "idle-week" -> minute -> week(minute) == 2 ? 0 : seasonal(minute, 14, 0.7);
          case "utilisation" -> minute -> seasonal(minute, 15, 0.6) * CORES / BASE;
          default ->
              throw new IllegalArgumentException(
                  "synthetic trace: '" + name + "' is not one of " + String.join(", ", NAMES));
        };
    boolean counts = !name.equals("utilisation");
    List<TracePoint> points = new ArrayList<>(MINUTES);
    for (int m = 0; m < MINUTES; m++) {
      double value =
          counts
              ? poisson(mean.applyAsDouble(m), random)
              : Math.max(
                  0,
                  Math.round((mean.applyAsDouble(m) + CORE_NOISE * gaussian(random)) * 1000)
                      / 1000.0);
      points.add(new TracePoint(START.plusSeconds(60L * m), value));
    }
    return new Trace(points, Duration.ofMinutes(1), 0);
  }

  private static int week(double minute) {
    return (int) (minute / (7 * 1440));
  }

  /** Daily cosine peaking at {@code peakHour}, weekends at {@code weekend} of weekdays. */
  private static double seasonal(double minute, double peakHour, double weekend) {
    double hour = (minute % 1440) / 60;
    int weekday = (int) ((minute / 1440) % 7); // 0 = Monday
    double daily = 1 + 0.7 * Math.cos(2 * Math.PI * (hour - peakHour) / 24);
    return BASE * daily * (weekday >= 5 ? weekend : 1);
  }

  private static DoubleUnaryOperator growthSpikes(SplittableRandom random) {
    double[] spike = spikes(random);
    return minute -> growthMean(minute) * Math.max(1, spike[(int) minute]);
  }

  /** The shortest and longest growth-spikes event, minutes. */
  static final int SPIKE_MIN = 10;

  static final int SPIKE_MAX = 60;

  /**
   * The growth-spikes event factor minute by minute (0 outside an event) of {@code
   * create("growth-spikes", seed)}: tests compute from it the best forecast anyone could make.
   */
  static double[] growthSpikeFactors(long seed) {
    return spikes(new SplittableRandom(seed));
  }

  /** The growth-spikes mean load without its events: the cycle growing fourfold. */
  static double growthMean(double minute) {
    return seasonal(minute, 15, 0.6) * Math.pow(4, minute / MINUTES);
  }

  private static double[] spikes(SplittableRandom random) {
    double[] spike = new double[MINUTES];
    for (int day = 0; day < MINUTES / 1440; day++) {
      int start = day * 1440 + random.nextInt(1440);
      int length = SPIKE_MIN + random.nextInt(SPIKE_MAX - SPIKE_MIN + 1);
      double factor = 3 + 3 * random.nextDouble();
      for (int m = start; m < Math.min(MINUTES, start + length); m++) {
        spike[m] = factor;
      }
    }
    return spike;
  }

  /** Per minute, the log level keeps this share of itself: it forgets over about 1,000 minutes. */
  static final double WALK_PERSISTENCE = 0.999;

  /** Standard deviation of the log level's step each minute. */
  static final double WALK_STEP = 0.02;

  /** Per minute, a burst keeps this share of its excess over 1. */
  static final double BURST_DECAY = 0.9;

  /**
   * The bursty walk's hidden state, minute by minute; its mean load is {@code BASE × exp(logLevel)
   * × burst}. Tests compute from it the best forecast anyone could make.
   */
  record BurstyWalkState(double[] logLevel, double[] burst) {}

  /** The hidden state of {@code create("bursty-walk", seed)}. */
  static BurstyWalkState burstyWalkState(long seed) {
    return walk(new SplittableRandom(seed));
  }

  private static DoubleUnaryOperator burstyWalk(SplittableRandom random) {
    BurstyWalkState state = walk(random);
    return minute -> BASE * Math.exp(state.logLevel()[(int) minute]) * state.burst()[(int) minute];
  }

  private static BurstyWalkState walk(SplittableRandom random) {
    double[] logLevel = new double[MINUTES];
    double[] bursts = new double[MINUTES];
    double log = 0;
    double burst = 1;
    for (int m = 0; m < MINUTES; m++) {
      log = WALK_PERSISTENCE * log + WALK_STEP * gaussian(random);
      if (burst > 1) {
        burst = 1 + (burst - 1) * BURST_DECAY;
      } else if (random.nextDouble() < 1.0 / 240) {
        burst = 2 + 2 * random.nextDouble();
      }
      logLevel[m] = log;
      bursts[m] = burst;
    }
    return new BurstyWalkState(logLevel, bursts);
  }

  private static double gaussian(SplittableRandom random) {
    double u = Math.max(1e-12, random.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** A Poisson count of the given mean (a rounded normal above a mean of 50). */
  public static long poisson(double mean, SplittableRandom random) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    long k = 0;
    double p = random.nextDouble();
    while (p > limit) {
      k++;
      p *= random.nextDouble();
    }
    return k;
  }
}
