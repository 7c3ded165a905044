package io.headroom.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.Forecasters;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.Limit;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.MetricTarget;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktesterTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** CPU target 70 %, default behavior, bounds that never bind. */
  private static final HpaSpec SPEC = HpaSpec.cpu(1, 1000, 70);

  private static final BacktestSettings SETTINGS = BacktestSettings.withCapacity(20);

  /**
   * A per-minute trace from {@code T0}: {@code minutes[i]} minutes at {@code values[i]}, in turn.
   */
  private static Trace steps(int[] minutes, double[] values) {
    List<TracePoint> points = new ArrayList<>();
    int minute = 0;
    for (int i = 0; i < minutes.length; i++) {
      for (int j = 0; j < minutes[i]; j++) {
        points.add(new TracePoint(T0.plus(MINUTE.multipliedBy(minute++)), values[i]));
      }
    }
    return new Trace(points, MINUTE, 0);
  }

  @Test
  void constantLoad_startsWithTheReplicasThatHoldItAtTarget_allReady_andNeverScales() {
    StringBuilder timeline = new StringBuilder();
    BacktestResult result =
        new Backtester(SPEC, SETTINGS)
            .runReactive(steps(new int[] {120}, new double[] {140}), timeline);
    List<TimelineFile.Row> rows = TimelineFile.parse(timeline.toString());
    assertThat(rows).hasSize(120 * 4);
    // 140 requests/min at 14 per replica (20 × 70 %) → 10 replicas, ready from the first row.
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.desired()).isEqualTo(10);
              assertThat(row.ready()).isEqualTo(10);
            });
    assertThat(result.scalingActions()).isZero();
    assertThat(result.tauU()).isZero();
    assertThat(result.replicaHours()).isCloseTo(20, within(1e-9));
  }

  @Test
  void initialReplicas_roundUp_andRespectMinReplicas() {
    Backtester backtester = new Backtester(HpaSpec.cpu(3, 1000, 70), SETTINGS);
    assertThat(backtester.initialReplicas(141)).isEqualTo(11);
    assertThat(backtester.initialReplicas(0)).isEqualTo(3);
    assertThat(new Backtester(HpaSpec.cpu(1, 5, 70), SETTINGS).initialReplicas(1000)).isEqualTo(5);
  }

  @Test
  void stepUp_isServedOnlyAfterTheStartupDelay() {
    // 10 minutes at 140 (10 replicas), then 280: CPU saturates at 100 % → 15 asked at 00:10,
    // ready at 00:12; then 93 % → 20 asked at 00:12, ready at 00:14.
    StringBuilder timeline = new StringBuilder();
    BacktestResult result =
        new Backtester(SPEC, SETTINGS)
            .runReactive(steps(new int[] {10, 20}, new double[] {140, 280}), timeline);
    List<TimelineFile.Row> rows = TimelineFile.parse(timeline.toString());
    TimelineFile.Row at10 = rowAt(rows, "00:10:00");
    assertThat(at10.desired()).isEqualTo(15);
    assertThat(at10.ready()).isEqualTo(10);
    assertThat(at10.reason()).startsWith("DESIRED_WITHIN_RANGE: cpu 100% vs target 70%");
    TimelineFile.Row at1145 = rowAt(rows, "00:11:45");
    assertThat(at1145.desired()).isEqualTo(15);
    assertThat(at1145.ready()).isEqualTo(10);
    TimelineFile.Row at12 = rowAt(rows, "00:12:00");
    assertThat(at12.ready()).isEqualTo(15);
    assertThat(at12.desired()).isEqualTo(20);
    assertThat(rowAt(rows, "00:14:00").ready()).isEqualTo(20);
    // Under-provisioned for the 8 rows 00:10:00 .. 00:11:45 out of 120, each short by 4 of 14.
    assertThat(result.tauU()).isCloseTo(100.0 * 8 / 120, within(1e-9));
    assertThat(result.thetaU()).isCloseTo(100.0 * 8 * (4.0 / 14) / 120, within(1e-9));
    assertThat(result.overflowRequests()).isCloseTo(8 * 4 * 20 * 0.25, within(1e-9));
  }

  @Test
  void gapInTheTrace_isNoDemand_andThePodsReportNothing() {
    List<TracePoint> points = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      if (minute < 10 || minute >= 15) {
        points.add(new TracePoint(T0.plus(MINUTE.multipliedBy(minute)), 140));
      }
    }
    StringBuilder timeline = new StringBuilder();
    BacktestResult result =
        new Backtester(SPEC, SETTINGS).runReactive(new Trace(points, MINUTE, 0), timeline);
    List<TimelineFile.Row> rows = TimelineFile.parse(timeline.toString());
    TimelineFile.Row inGap = rowAt(rows, "00:12:00");
    assertThat(inGap.demand()).isNull();
    assertThat(inGap.desired()).isEqualTo(10);
    assertThat(inGap.reason()).startsWith(Limit.MISSING_METRICS.name());
    assertThat(result.steps()).isEqualTo(120);
    assertThat(result.demandSteps()).isEqualTo(100);
    assertThat(result.replicaHours()).isCloseTo(5, within(1e-9));
  }

  @Test
  void quantileMean_isTheConfiguredQuantile_withoutATailBudget_andAtLeastIt_withOne() {
    Trace trace = SyntheticTraces.seasonal(1, 150, 0.03, 7);
    BacktestSettings settings = SETTINGS.withWarmup(Duration.ofDays(1));

    BacktestResult reactive = new Backtester(SPEC, settings).runReactive(trace, null);
    BacktestResult fixed =
        new Backtester(SPEC, settings.withTailBudget(0))
            .runPredictive(trace, new TestForecasters.Persistence(MINUTE, 60, 0.2), null);
    BacktestResult budgeted =
        new Backtester(SPEC, settings.withTailBudget(0.05))
            .runPredictive(trace, new TestForecasters.Persistence(MINUTE, 60, 0.2), null);

    assertThat(reactive.quantileMean()).isNaN();
    assertThat(fixed.quantileMean()).isCloseTo(settings.quantile(), within(1e-12));
    assertThat(budgeted.quantileMean())
        .isGreaterThan(settings.quantile())
        .isLessThanOrEqualTo(0.999 + 1e-12);
  }

  @Test
  void summary_matchesTheMetricsRecomputedFromTheTimelineFile_reactiveAndPredictive() {
    Trace trace = SyntheticTraces.seasonal(1, 150, 0.03, 7);
    BacktestSettings settings = SETTINGS.withWarmup(Duration.ofDays(1));
    Instant warmupEnd = trace.points().get(0).timestamp().plus(Duration.ofDays(1));

    StringBuilder reactiveTimeline = new StringBuilder();
    BacktestResult reactive = new Backtester(SPEC, settings).runReactive(trace, reactiveTimeline);
    assertMatches(
        reactive,
        TimelineFile.recompute(
            TimelineFile.parse(reactiveTimeline.toString()),
            20,
            settings.sync(),
            MINUTE,
            warmupEnd));

    StringBuilder predictiveTimeline = new StringBuilder();
    BacktestResult predictive =
        new Backtester(SPEC, settings)
            .runPredictive(
                trace, new TestForecasters.Persistence(MINUTE, 60, 0.2), predictiveTimeline);
    assertMatches(
        predictive,
        TimelineFile.recompute(
            TimelineFile.parse(predictiveTimeline.toString()),
            20,
            settings.sync(),
            MINUTE,
            warmupEnd));
    assertThat(predictive.forecastRaised()).isPositive();
    assertThat(reactive.tauU()).isPositive(); // the surges must leave something to recompute
  }

  private static void assertMatches(BacktestResult result, TimelineFile.Metrics recomputed) {
    assertThat(result.steps()).isEqualTo(recomputed.steps());
    assertThat(result.demandSteps()).isEqualTo(recomputed.demandSteps());
    assertThat(result.thetaU()).isCloseTo(recomputed.thetaU(), within(1e-9));
    assertThat(result.thetaO()).isCloseTo(recomputed.thetaO(), within(1e-9));
    assertThat(result.tauU()).isCloseTo(recomputed.tauU(), within(1e-9));
    assertThat(result.tauO()).isCloseTo(recomputed.tauO(), within(1e-9));
    assertThat(result.overflowRequests()).isCloseTo(recomputed.overflow(), within(1e-6));
    assertThat(result.totalRequests()).isCloseTo(recomputed.requests(), within(1e-6));
    assertThat(result.replicaHours()).isCloseTo(recomputed.replicaHours(), within(1e-9));
    assertThat(result.scalingActions()).isEqualTo(recomputed.actions());
    assertThat(result.reversals()).isEqualTo(recomputed.reversals());
  }

  @Test
  void forecaster_isNeverGivenAPointAfterTheDecisionTime_andIsAskedOncePerStep() {
    Trace trace = SyntheticTraces.seasonal(1, 150, 0.03, 11);
    TestForecasters.Recording recording =
        new TestForecasters.Recording(new TestForecasters.Persistence(MINUTE, 30, 0.2));
    List<String> violations = new ArrayList<>();
    int[] decisions = {0};
    new Backtester(SPEC, SETTINGS)
        .withListener(
            (time, demand, decision, ready) -> {
              decisions[0]++;
              if (recording.latestUpdate != null && recording.latestUpdate.isAfter(time)) {
                violations.add("at " + time + " the forecaster had seen " + recording.latestUpdate);
              }
            })
        .runPredictive(trace, recording, null);
    assertThat(violations).isEmpty();
    assertThat(decisions[0]).isEqualTo(trace.size() * 4);
    assertThat(recording.updates).isEqualTo(trace.size());
    assertThat(recording.forecasts).isLessThanOrEqualTo(trace.size());
  }

  @Test
  void cuttingOffTheFuture_changesNoEarlierDecision() {
    Trace full = SyntheticTraces.seasonal(1, 150, 0.03, 5);
    int cut =
        3 * 1440
            + 12 * 60; // the truncated trace ends at 11:59 on Thursday, the surge starts at 12:00
    Trace truncated = new Trace(full.points().subList(0, cut), MINUTE, 0);
    Instant cutTime = full.points().get(cut).timestamp();

    for (boolean predictive : new boolean[] {false, true}) {
      StringBuilder fullTimeline = new StringBuilder();
      StringBuilder cutTimeline = new StringBuilder();
      Backtester backtester = new Backtester(SPEC, SETTINGS);
      if (predictive) {
        backtester.runPredictive(
            full, new TestForecasters.Persistence(MINUTE, 30, 0.2), fullTimeline);
        BacktestResult cutResult =
            backtester.runPredictive(
                truncated, new TestForecasters.Persistence(MINUTE, 30, 0.2), cutTimeline);
        assertThat(cutResult.forecastRaised())
            .isPositive(); // the forecast did shape decisions before the cut
      } else {
        backtester.runReactive(full, fullTimeline);
        backtester.runReactive(truncated, cutTimeline);
      }
      List<TimelineFile.Row> fullRows = TimelineFile.parse(fullTimeline.toString());
      List<TimelineFile.Row> cutRows = TimelineFile.parse(cutTimeline.toString());
      List<TimelineFile.Row> fullPrefix =
          fullRows.stream().filter(row -> row.time().isBefore(cutTime)).toList();
      List<TimelineFile.Row> cutPrefix =
          cutRows.stream().filter(row -> row.time().isBefore(cutTime)).toList();
      assertThat(cutPrefix).hasSize(cut * 4).isEqualTo(fullPrefix);
    }
  }

  @Test
  void warmup_excludesEarlyRowsFromTheMetrics() {
    Trace trace = steps(new int[] {10, 20}, new double[] {140, 280});
    BacktestResult all = new Backtester(SPEC, SETTINGS).runReactive(trace, null);
    BacktestResult late =
        new Backtester(SPEC, SETTINGS.withWarmup(Duration.ofMinutes(15))).runReactive(trace, null);
    assertThat(all.steps()).isEqualTo(120);
    assertThat(late.steps()).isEqualTo(60);
    assertThat(all.tauU()).isPositive();
    assertThat(late.tauU()).isZero();
    assertThat(late.scalingActions()).isZero();
  }

  @Test
  void requestsPerPodMetric_isSimulatedToo() {
    HpaSpec perPod =
        SPEC.withMetrics(
            List.of(
                new MetricSpec.Pods(Backtester.REQUESTS_PER_POD, MetricTarget.averageValue(14))));
    StringBuilder timeline = new StringBuilder();
    new Backtester(perPod, SETTINGS)
        .runReactive(steps(new int[] {10, 10}, new double[] {140, 280}), timeline);
    TimelineFile.Row at10 = rowAt(TimelineFile.parse(timeline.toString()), "00:10:00");
    // Offered load per pod does not saturate: 28 per pod vs 14 → straight to 20.
    assertThat(at10.desired()).isEqualTo(20);
  }

  @Test
  void metricTheSimulationCannotProduce_isRejectedInOneLine() {
    HpaSpec memory =
        SPEC.withMetrics(List.of(new MetricSpec.Resource("memory", MetricTarget.utilization(80))));
    assertThatThrownBy(() -> new Backtester(memory, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metrics[0]: Resource memory Utilization is not simulated by the backtest; use Resource cpu "
                + "Utilization or Pods requests_per_minute AverageValue");
  }

  @Test
  void emptyTrace_isRejected() {
    assertThatThrownBy(
            () -> new Backtester(SPEC, SETTINGS).runReactive(new Trace(List.of(), MINUTE, 0), null))
        .hasMessage("trace is empty: nothing to replay");
  }

  @Test
  void
      predictive_onASeasonalTraceWithScheduledSurges_cutsUnderProvisioning_atAFewPercentMoreReplicaHours() {
    Trace trace = SyntheticTraces.seasonal(4, 150, 0.03, 42);
    BacktestSettings settings = SETTINGS.withWarmup(Duration.ofDays(14));
    BacktestResult reactive = new Backtester(SPEC, settings).runReactive(trace, null);
    BacktestResult predictive =
        new Backtester(SPEC, settings)
            .runPredictive(trace, Forecasters.create("auto", MINUTE), null);
    assertThat(predictive.tauU()).isLessThan(reactive.tauU());
    assertThat(predictive.thetaU()).isLessThan(reactive.thetaU());
    assertThat(predictive.replicaHours()).isLessThan(reactive.replicaHours() * 1.05);
  }

  private static TimelineFile.Row rowAt(List<TimelineFile.Row> rows, String time) {
    Instant at = Instant.parse("2024-03-01T" + time + "Z");
    return rows.stream().filter(row -> row.time().equals(at)).findFirst().orElseThrow();
  }
}
