package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictiveScalingTest {
  /**
   * One replica serves 20 requests/min; CPU target 70 % → 14 requests/min per replica at the
   * target. The quantile is fixed here so the arithmetic below does not move with the default.
   */
  private static final PredictiveSettings SETTINGS =
      new PredictiveSettings(20, Duration.ofSeconds(135), 0.9, 0.95);

  private static final HpaSpec SPEC = HpaSpec.cpu(1, 100, 70);
  private final ScalingEngine engine = ScalingEngine.withDefaults();
  private final PredictiveScaling predictive = new PredictiveScaling(engine, SETTINGS);

  /**
   * A forecast of {@code values} for the minutes after T0, each with a ±{@code halfWidth} 95 %
   * interval.
   */
  private static LoadForecast forecast(double halfWidth, double... values) {
    List<ForecastPoint> points = new java.util.ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(
          new ForecastPoint(
              T0.plusSeconds(60L * (i + 1)),
              values[i],
              Math.max(0, values[i] - halfWidth),
              values[i] + halfWidth));
    }
    return LoadForecast.trusted("test", points);
  }

  private static Observation atCpu(int replicas, double cpu) {
    return Observation.aggregate(replicas, Map.of("cpu", cpu));
  }

  @Test
  void absentForecast_decidesExactlyAsTheHpa_andSaysSo() {
    ScalingDecision hpa = engine.decide(SPEC, atCpu(4, 95), ScalingHistory.empty(), T0);
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(4, 95), ScalingHistory.empty(), T0, null);
    assertThat(decision.to()).isEqualTo(hpa.to()).isEqualTo(6);
    assertThat(decision.limit()).isEqualTo(hpa.limit());
    assertThat(decision.history()).isEqualTo(hpa.history());
    assertThat(decision.forecast()).isEqualTo(ForecastUse.ABSENT);
    assertThat(decision.forecastLoad()).isNaN();
    assertThat(decision.reason())
        .startsWith(hpa.reason())
        .endsWith("no forecast: reactive HPA only");
  }

  @Test
  void untrustedForecast_decidesExactlyAsTheHpa_andSaysWhy() {
    LoadForecast untrusted = LoadForecast.untrusted("auto", "too little history");
    ScalingDecision hpa = engine.decide(SPEC, atCpu(10, 40), ScalingHistory.empty(), T0);
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(10, 40), ScalingHistory.empty(), T0, untrusted);
    assertThat(decision.to()).isEqualTo(hpa.to());
    assertThat(decision.history()).isEqualTo(hpa.history());
    assertThat(decision.forecast()).isEqualTo(ForecastUse.UNTRUSTED);
    assertThat(decision.reason())
        .contains("forecast auto not trusted (too little history): reactive HPA only");
  }

  @Test
  void forecastAboveReactive_raisesAheadOfTheLoad_withLimitForecast() {
    // Now 10 replicas at target: the HPA holds. 400 in two minutes (a sure forecast: every quantile
    // is 400) needs
    // 400 / 20 = 20 replicas within capacity; the HPA would get there only once the load had
    // arrived.
    ScalingDecision decision =
        predictive.decide(
            SPEC, atCpu(10, 70), ScalingHistory.empty(), T0, forecast(0, 200, 400, 400));
    assertThat(decision.to()).isEqualTo(20);
    assertThat(decision.recommendation()).isEqualTo(20);
    assertThat(decision.limit()).isEqualTo(Limit.FORECAST);
    assertThat(decision.forecast()).isEqualTo(ForecastUse.RAISED);
    assertThat(decision.drivingMetric()).isEqualTo("forecast");
    assertThat(decision.forecastLoad()).isEqualTo(400);
    assertThat(decision.reason())
        .contains("q0.9 400 within capacity needs 20")
        .contains("10 -> 20");
  }

  @Test
  void forecastBelowReactive_leavesTheHpaDecision() {
    ScalingDecision hpa = engine.decide(SPEC, atCpu(4, 95), ScalingHistory.empty(), T0);
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(4, 95), ScalingHistory.empty(), T0, forecast(0, 10, 10, 10));
    assertThat(decision.to()).isEqualTo(hpa.to());
    assertThat(decision.limit()).isEqualTo(hpa.limit());
    assertThat(decision.forecast()).isEqualTo(ForecastUse.BELOW_REACTIVE);
  }

  @Test
  void onlySteps_withinTheLead_count() {
    // Lead 135 s: the steps at +1 and +2 min overlap it, the one at +3 min starts after it.
    ScalingDecision decision =
        predictive.decide(
            SPEC, atCpu(10, 70), ScalingHistory.empty(), T0, forecast(0, 140, 140, 1400));
    assertThat(decision.to()).isEqualTo(10);
    assertThat(decision.forecast()).isEqualTo(ForecastUse.BELOW_REACTIVE);
  }

  @Test
  void upperBound_mustFitWithinCapacity_whenTheIntervalIsWide() {
    // The 0.9 quantile is 140 + 0.654 × 98 = 204.1, which needs 11 at 20 each (the point forecast
    // alone: 7).
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(10, 70), ScalingHistory.empty(), T0, forecast(98, 140, 140));
    assertThat(predictive.quantileLoad(new ForecastPoint(T0, 140, 42, 238)))
        .isCloseTo(204.08, within(0.01));
    assertThat(decision.to()).isEqualTo(11);
    assertThat(decision.limit()).isEqualTo(Limit.FORECAST);
    assertThat(decision.forecastLoad()).isCloseTo(204.08, within(0.01));
  }

  @Test
  void quantile_readsTheIntervalAssumingNormalErrors() {
    ForecastPoint point = new ForecastPoint(T0, 100, 60.8, 139.2); // ±1.96 σ with σ = 20
    PredictiveScaling median =
        new PredictiveScaling(engine, new PredictiveSettings(20, Duration.ZERO, 0.5, 0.95));
    PredictiveScaling low =
        new PredictiveScaling(engine, new PredictiveSettings(20, Duration.ZERO, 0.1, 0.95));
    PredictiveScaling upper =
        new PredictiveScaling(engine, new PredictiveSettings(20, Duration.ZERO, 0.975, 0.95));
    assertThat(median.quantileLoad(point)).isCloseTo(100, within(1e-9));
    assertThat(low.quantileLoad(point)).isCloseTo(100 - 1.2816 * 20, within(0.01));
    assertThat(upper.quantileLoad(point)).isCloseTo(139.2, within(1e-6));
  }

  @Test
  void forecastRaise_goesThroughTheSameRatePolicies() {
    // 2 replicas; the forecast needs 30 but the default scale-up allows max(2 + 4, 2 × 2) = 6 per
    // 15 s.
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(2, 70), ScalingHistory.empty(), T0, forecast(0, 420, 420));
    assertThat(decision.to()).isEqualTo(6);
    assertThat(decision.limit()).isEqualTo(Limit.SCALE_UP_POLICY);
    assertThat(decision.forecast()).isEqualTo(ForecastUse.RAISED);
  }

  @Test
  void forecastRaise_isBoundedByMaxReplicas() {
    HpaSpec small = HpaSpec.cpu(1, 12, 70);
    ScalingDecision decision =
        predictive.decide(small, atCpu(10, 70), ScalingHistory.empty(), T0, forecast(0, 420, 420));
    assertThat(decision.to()).isEqualTo(12);
    assertThat(decision.limit()).isEqualTo(Limit.TOO_MANY_REPLICAS);
  }

  @Test
  void afterThePeak_scaleDownIsHeldByTheSameWindow() {
    ScalingDecision raised =
        predictive.decide(SPEC, atCpu(10, 70), ScalingHistory.empty(), T0, forecast(0, 400, 400));
    assertThat(raised.to()).isEqualTo(20);
    // Two minutes later the forecast and the load have dropped: the HPA alone would go to 5.
    Instant later = T0.plusSeconds(120);
    LoadForecast low =
        LoadForecast.trusted("test", List.of(new ForecastPoint(later.plusSeconds(60), 50, 50, 50)));
    ScalingDecision held = predictive.decide(SPEC, atCpu(20, 17), raised.history(), later, low);
    assertThat(held.to()).isEqualTo(20);
    assertThat(held.limit()).isEqualTo(Limit.SCALE_DOWN_STABILIZED);
    // Once the raised recommendation has left the 300 s window the count follows the load down.
    Instant afterWindow = T0.plusSeconds(301);
    LoadForecast lowLater =
        LoadForecast.trusted(
            "test", List.of(new ForecastPoint(afterWindow.plusSeconds(60), 50, 50, 50)));
    ScalingDecision released =
        predictive.decide(SPEC, atCpu(20, 17), held.history(), afterWindow, lowLater);
    assertThat(released.to()).isEqualTo(5);
  }

  @Test
  void forecastThatDoesNotReachPastNow_isTreatedAsAbsent() {
    LoadForecast late =
        LoadForecast.trusted(
            "test", List.of(new ForecastPoint(T0.plusSeconds(3600), 1000, 900, 1100)));
    ScalingDecision decision =
        predictive.decide(SPEC, atCpu(10, 70), ScalingHistory.empty(), T0, late);
    assertThat(decision.to()).isEqualTo(10);
    assertThat(decision.forecast()).isEqualTo(ForecastUse.ABSENT);
  }

  @Test
  void missingMetric_stillBlocksScaleDown_butAForecastMayScaleUp() {
    HpaSpec twoMetrics =
        SPEC.withMetrics(List.of(HpaFixtures.cpu(70), HpaFixtures.externalValue("lag", 100)));
    ScalingDecision down =
        predictive.decide(
            twoMetrics, atCpu(10, 20), ScalingHistory.empty(), T0, forecast(0, 10, 10));
    assertThat(down.to()).isEqualTo(10);
    assertThat(down.limit()).isEqualTo(Limit.MISSING_METRICS);
    ScalingDecision up =
        predictive.decide(
            twoMetrics, atCpu(10, 20), ScalingHistory.empty(), T0, forecast(0, 400, 400));
    assertThat(up.to()).isEqualTo(20);
  }
}
