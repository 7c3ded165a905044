package io.headroom.core.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.RegimeChangeTraces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceSuiteTest {
  private static ExecutorService pool;
  private static TraceEvaluation result;

  @BeforeAll
  static void evaluate() throws Exception {
    pool = Executors.newFixedThreadPool(2);
    // The seeded level-shift trace summed to 5-minute steps: six weeks, a fall to 40 % and a jump
    // to 150 %.
    result =
        new TraceSuite(SuiteSettings.DEFAULT)
            .evaluate(
                "level-shift/5m", fiveMinute(RegimeChangeTraces.create("level-shift", 7)), pool)
            .get();
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  static Trace fiveMinute(Trace perMinute) {
    List<TracePoint> points = new ArrayList<>();
    List<TracePoint> source = perMinute.points();
    for (int i = 0; i + 5 <= source.size(); i += 5) {
      double sum = 0;
      for (int j = i; j < i + 5; j++) {
        sum += source.get(j).value();
      }
      points.add(new TracePoint(source.get(i).timestamp(), sum));
    }
    return new Trace(points, Duration.ofMinutes(5), 0);
  }

  @Test
  void
      forecasts_atEveryHorizonTheStepAllows_withinTheHour_haveCalibratedIntervals_andBeatTheBaselines() {
    assertThat(result.forecasts())
        .extracting(TraceEvaluation.HorizonAccuracy::horizon)
        .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofHours(24));
    // A day ahead the level shifts took the coverage below 90 % (89.7 %) until the intervals made
    // up their misses (adaptive conformal inference, a gain per day): 90.5 %.
    for (TraceEvaluation.HorizonAccuracy h : result.forecasts()) {
      assertThat(h.report().coverage()).as("coverage at %s", h.horizon()).isBetween(0.9, 0.98);
    }
    // The goals at 15 and 60 min, and never worse than the baselines a day ahead (above 1 until
    // 0468aec; 0.94 since).
    assertThat(result.forecasts().get(0).report().relMae()).isLessThan(0.85);
    assertThat(result.forecasts().get(1).report().relMae()).isLessThan(0.85);
    assertThat(result.forecasts().get(2).report().relMae()).isLessThanOrEqualTo(1.0);
  }

  /**
   * Four days of the seeded cycle: twice the 7-day warm-up would not fit, so the suite scores the
   * second half. There a day ahead is yesterday's shape; the day-ago candidate that waited for two
   * days left the whole second half to the last value and the moving mean (one-day relMAE 2.16).
   */
  @Test
  void aFourDayTrace_isScoredOnItsSecondHalf_andADayAheadIsYesterdaysShape() throws Exception {
    List<TracePoint> points = RegimeChangeTraces.create("level-shift", 7).points();
    Trace fourDays = new Trace(points.subList(0, 4 * 1440), Duration.ofMinutes(1), 0);
    TraceEvaluation short4 =
        new TraceSuite(SuiteSettings.DEFAULT).evaluate("four days", fourDays, pool).get();
    assertThat(short4.forecastWarmup()).isEqualTo(Duration.ofMinutes(2 * 1440 - 1));
    assertThat(short4.scalingWarmup()).isEqualTo(short4.forecastWarmup());
    var oneDay = short4.forecasts().get(2);
    assertThat(oneDay.horizon()).isEqualTo(Duration.ofHours(24));
    System.out.printf(
        "four days: one-day relMAE %.3f, coverage %.3f%n",
        oneDay.report().relMae(), oneDay.report().coverage());
    assertThat(oneDay.report().relMae()).isLessThan(1.0);
  }

  @Test
  void theHpaFrontier_buysLessUnderProvisioning_forMoreReplicaHours() {
    List<BacktestResult> byTarget =
        List.of(
            result.hpa().get(50), result.hpa().get(60), result.hpa().get(70), result.hpa().get(80));
    for (int i = 1; i < byTarget.size(); i++) {
      assertThat(byTarget.get(i).replicaHours()).isLessThan(byTarget.get(i - 1).replicaHours());
      assertThat(byTarget.get(i).tauU()).isGreaterThanOrEqualTo(byTarget.get(i - 1).tauU());
    }
    assertThat(result.capacity()).isGreaterThan(0);
  }

  @Test
  void predictive_neverCostsLessThanTheReactiveFloor_andTheOracleIsAlmostNeverShort() {
    // The forecast only ever raises the HPA's count: never fewer replica-hours than the HPA at the
    // same target.
    assertThat(result.predictive().replicaHours())
        .isGreaterThanOrEqualTo(result.reference().replicaHours());
    assertThat(result.oracle().tauU()).isLessThan(0.05);
    assertThat(result.oracle().tauU()).isLessThanOrEqualTo(result.reference().tauU());
    assertThat(result.seasonalNaive().replicaHours())
        .isGreaterThan(result.reference().replicaHours());
  }
}
