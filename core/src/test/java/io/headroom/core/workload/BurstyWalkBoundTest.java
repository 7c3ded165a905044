package io.headroom.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.trace.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How well anyone could forecast the bursty walk an hour ahead: knowing its hidden log level and
 * burst at the origin, the best forecast is their expected course (the level reverting, the burst
 * decaying); the walk's steps and the count noise after that are beyond anyone. Its error against
 * the better of naive and seasonal naive is above the suite's 0.85 goal at 60 minutes, so no model
 * meets it on this trace (docs/forecasting.md).
 */
class BurstyWalkBoundTest {
  private static final int DAY = 1440;
  private static final int HORIZON = 60;

  @ParameterizedTest
  @ValueSource(longs = {42, 7, 1234})
  void knowingTheHiddenState_anHourAheadStillMissesMoreThanTheGoalAllows(long seed) {
    Trace trace = RegimeChangeTraces.create("bursty-walk", seed);
    RegimeChangeTraces.BurstyWalkState state = RegimeChangeTraces.burstyWalkState(seed);
    int n = trace.points().size();
    double persistence = Math.pow(RegimeChangeTraces.WALK_PERSISTENCE, HORIZON);
    double walkStep2 = RegimeChangeTraces.WALK_STEP * RegimeChangeTraces.WALK_STEP;
    double p2 = RegimeChangeTraces.WALK_PERSISTENCE * RegimeChangeTraces.WALK_PERSISTENCE;
    // Variance of the log level's course over the horizon; exp of it is lognormal.
    double variance = walkStep2 * (1 - Math.pow(p2, HORIZON)) / (1 - p2);
    double best = 0;
    double naive = 0;
    double seasonalNaive = 0;
    int origins = 0;
    for (int t = 14 * DAY; t + HORIZON < n; t++) {
      double actual = value(trace, t + HORIZON);
      double burst = state.burst()[t];
      double expected =
          RegimeChangeTraces.BASE
              * Math.exp(persistence * state.logLevel()[t] + variance / 2)
              * (1 + (burst - 1) * Math.pow(RegimeChangeTraces.BURST_DECAY, HORIZON));
      best += Math.abs(actual - expected);
      naive += Math.abs(actual - value(trace, t));
      seasonalNaive += Math.abs(actual - value(trace, t + HORIZON - DAY));
      origins++;
    }
    double relMae = best / Math.min(naive, seasonalNaive);
    System.out.printf(
        "bursty-walk seed %d: the best possible 60-minute forecast, relMAE %.3f over %d origins%n",
        seed, relMae, origins);

    assertThat(relMae).isGreaterThan(0.85).isLessThan(1);
  }

  private static double value(Trace trace, int minute) {
    return trace.points().get(minute).value();
  }
}
