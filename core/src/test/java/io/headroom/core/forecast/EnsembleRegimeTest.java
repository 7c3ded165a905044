package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Regime-conditional weights. On a daily cycle interrupted by three-hour surges every 37 hours the
 * surges are what the seasonal candidates cannot know, and inside one the last value is the better
 * guess; outside them the seasonal shape is. With errors clipped at 3x the combination's (before
 * 2026-12-07) one record was misled inside surges: 15-minute MAE 146 against 117 with a record per
 * regime. Clipped at 10x, a record per regime is as good inside these long surges (103.9 against
 * 106.1 with one record) and better outside them (42.6 against 52.4), over 30 days: the 16 days of
 * before scored six surges, whose MAEs range from 26 to 143, so one surge's luck decided the
 * comparison. On short sharp events (the suite's growth-spikes, a seed the defaults were not chosen
 * on) it is what lowers the error. A surprise judged on the combination's own misses (an earlier
 * version) made it 203 inside surges: the regime flipped back as soon as the combination followed
 * the surge.
 */
class EnsembleRegimeTest {
  private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
  private static final int DAYS = 30;
  private static final int HORIZON = 15; // minutes
  private static final int SURGE_EVERY = 37 * 60;
  private static final int SURGE_LENGTH = 3 * 60;

  private static double load(int minute, Random noise) {
    double daily = 1000 + 600 * Math.sin(2 * Math.PI * minute / 1440.0);
    boolean surge = minute % SURGE_EVERY >= SURGE_EVERY - SURGE_LENGTH;
    return daily * (surge ? 2.5 : 1) * (1 + 0.03 * noise.nextGaussian());
  }

  private static boolean wellInsideSurge(int minute) {
    int into = minute % SURGE_EVERY - (SURGE_EVERY - SURGE_LENGTH);
    return into >= 40 && into < SURGE_LENGTH - HORIZON;
  }

  /** Mean absolute 15-minute-ahead error inside surges and elsewhere, after the first week. */
  private static double[] errors(EnsembleForecaster.Settings settings) {
    var model = new EnsembleForecaster(SeasonalPeriods.of(Duration.ofMinutes(1)), settings);
    Random noise = new Random(7);
    int n = DAYS * 1440;
    double[] value = new double[n];
    for (int m = 0; m < n; m++) {
      value[m] = load(m, noise);
    }
    double[] sum = new double[2];
    long[] count = new long[2];
    for (int m = 0; m + HORIZON < n; m++) {
      model.update(T0.plusSeconds(60L * m), value[m]);
      if (m < 7 * 1440 || m % 5 != 0) {
        continue;
      }
      int target = m + HORIZON;
      boolean normal = target % SURGE_EVERY < SURGE_EVERY - SURGE_LENGTH - HORIZON;
      int kind = wellInsideSurge(target) ? 0 : normal ? 1 : -1;
      if (kind >= 0) {
        double forecast = model.forecast(HORIZON).get(HORIZON - 1).value();
        sum[kind] += Math.abs(forecast - value[target]);
        count[kind]++;
      }
    }
    return new double[] {sum[0] / count[0], sum[1] / count[1]};
  }

  private static EnsembleForecaster.Settings withoutRegimes(EnsembleForecaster.Settings on) {
    return new EnsembleForecaster.Settings(
        on.errorMemoryDays(),
        on.errorMemoryHorizons(),
        on.errorClip(),
        on.topK(),
        on.weightPower(),
        on.meanMemory(),
        on.levelMemory(),
        on.smoothing(),
        on.scaleFloor(),
        on.level(),
        false,
        on.surpriseLag(),
        on.surpriseThreshold(),
        on.coverageGain());
  }

  @Test
  void onLongSurges_regimeWeightsAreAsGoodInside_andBetterOutside() {
    EnsembleForecaster.Settings on = EnsembleForecaster.Settings.DEFAULT;
    assertThat(on.regimeWeights()).isTrue();
    EnsembleForecaster.Settings off = withoutRegimes(on);
    double[] withRegimes = errors(on);
    double[] without = errors(off);
    System.out.printf(
        "15-min MAE inside surges %.1f (one record %.1f), elsewhere %.1f (one record %.1f)%n",
        withRegimes[0], without[0], withRegimes[1], without[1]);
    assertThat(withRegimes[0]).isLessThan(1.02 * without[0]);
    assertThat(withRegimes[1]).isLessThan(without[1]);
  }

  @Test
  void onShortSharpEvents_regimeWeightsLowerTheFifteenMinuteError() {
    EnsembleForecaster.Settings on = EnsembleForecaster.Settings.DEFAULT;
    var trace = io.headroom.core.workload.RegimeChangeTraces.create("growth-spikes", 7);
    double with = fifteenMinuteMae(trace, on);
    double without = fifteenMinuteMae(trace, withoutRegimes(on));
    System.out.printf("growth-spikes s7, 15-min MAE %.2f (one record %.2f)%n", with, without);
    assertThat(with).isLessThan(0.97 * without);
  }

  /** Mean absolute 15-minute-ahead error after the first two weeks, every fifth minute. */
  private static double fifteenMinuteMae(
      io.headroom.core.trace.Trace trace, EnsembleForecaster.Settings settings) {
    var model = new EnsembleForecaster(SeasonalPeriods.of(Duration.ofMinutes(1)), settings);
    var points = trace.points();
    double sum = 0;
    long count = 0;
    for (int m = 0; m + HORIZON < points.size(); m++) {
      model.update(points.get(m).timestamp(), points.get(m).value());
      if (m >= 14 * 1440 && m % 5 == 0) {
        double forecast = model.forecast(HORIZON).get(HORIZON - 1).value();
        sum += Math.abs(forecast - points.get(m + HORIZON).value());
        count++;
      }
    }
    return sum / count;
  }
}
