package io.headroom.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.trace.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How well anyone could forecast growth-spikes up to 15 minutes ahead, scored as the suite scores
 * it (origins every hour after the first week, every lead time up to the horizon, against the
 * better of naive and seasonal naive): knowing the hidden mean exactly and whether an event is on
 * at the origin and how strong, but not when it ends, the best forecast at each lead is the median
 * of what may happen (the event's level while it is more likely on than off, given its length is
 * uniform in 10..60 minutes); an event that starts after the origin is beyond anyone. That bound is
 * below the suite's 0.85, so unlike the bursty walk's 60 minutes, auto's misses on seeds 7 and 1234
 * (0.887, 0.868) are the model's, not the trace's (docs/forecasting.md).
 */
class GrowthSpikesBoundTest {
  private static final int DAY = 1440;
  private static final int HORIZON = 15;

  @ParameterizedTest
  @ValueSource(longs = {42, 7, 1234})
  void knowingTheMeanAndTheEventOnAtTheOrigin_fifteenMinutesAheadCouldMeetTheGoal(long seed) {
    Trace trace = RegimeChangeTraces.create("growth-spikes", seed);
    double[] factor = RegimeChangeTraces.growthSpikeFactors(seed);
    int n = trace.points().size();
    double best = 0;
    double naive = 0;
    double seasonalNaive = 0;
    for (int origin = 7 * DAY; origin + 1 < n; origin += 60) {
      int elapsed = 0;
      while (origin - elapsed >= 0 && factor[origin - elapsed] > 0) {
        elapsed++;
      }
      for (int t = origin + 1; t <= origin + HORIZON && t < n; t++) {
        double actual = value(trace, t);
        boolean likelyOn = elapsed > 0 && stillOnOdds(elapsed, t - origin) >= 0.5;
        double expected = RegimeChangeTraces.growthMean(t) * (likelyOn ? factor[origin] : 1);
        best += Math.abs(actual - expected);
        naive += Math.abs(actual - value(trace, origin));
        seasonalNaive += Math.abs(actual - value(trace, t - DAY));
      }
    }
    double relMae = best / Math.min(naive, seasonalNaive);
    System.out.printf(
        "growth-spikes seed %d: the best 15-minute forecast without knowing when an event ends,"
            + " relMAE %.3f%n",
        seed, relMae);

    assertThat(relMae).isGreaterThan(0.6).isLessThan(0.85);
  }

  /** P(an event on for {@code elapsed} minutes lasts {@code lead} more), lengths uniform. */
  private static double stillOnOdds(int elapsed, int lead) {
    int possible = 0;
    int longEnough = 0;
    for (int length = RegimeChangeTraces.SPIKE_MIN;
        length <= RegimeChangeTraces.SPIKE_MAX;
        length++) {
      if (length >= elapsed) {
        possible++;
        if (length >= elapsed + lead) {
          longEnough++;
        }
      }
    }
    return possible == 0 ? 0 : (double) longEnough / possible;
  }

  private static double value(Trace trace, int minute) {
    return trace.points().get(minute).value();
  }
}
