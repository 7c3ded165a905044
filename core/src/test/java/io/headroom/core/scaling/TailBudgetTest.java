package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.ForecastPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailBudgetTest {
  /** One replica serves 20 requests/min; the configured quantile is 0.9. */
  private static final PredictiveSettings SETTINGS =
      new PredictiveSettings(20, Duration.ofSeconds(135), 0.9, 0.95, 0.01);

  private static final HpaSpec SPEC = HpaSpec.cpu(1, 100, 70);
  private final ScalingEngine engine = ScalingEngine.withDefaults();

  /** Three minutes of forecast after {@code now}, {@code value} ± {@code halfWidth} (95 %). */
  private static LoadForecast forecast(Instant now, double value, double halfWidth) {
    List<ForecastPoint> points = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      points.add(
          new ForecastPoint(now.plusSeconds(60L * i), value, value - halfWidth, value + halfWidth));
    }
    return LoadForecast.trusted("test", points);
  }

  private static Observation atCpu(int replicas, double cpu) {
    return Observation.aggregate(replicas, Map.of("cpu", cpu));
  }

  /** Decides once a minute for {@code days}, the load and forecast held, from a fresh budget. */
  private PredictiveScaling.Decided run(
      PredictiveSettings settings, Observation seen, double forecast, int days) {
    PredictiveScaling predictive = new PredictiveScaling(engine, settings);
    ScalingHistory history = ScalingHistory.empty();
    TailBudget tail = TailBudget.INITIAL;
    PredictiveScaling.Decided decided = null;
    for (int minute = 0; minute < days * 1440; minute++) {
      Instant now = T0.plusSeconds(60L * minute);
      decided = predictive.decide(SPEC, seen, history, now, forecast(now, forecast, 10), tail);
      history = decided.decision().history();
      tail = decided.tail();
    }
    return decided;
  }

  @Test
  void whereAHigherQuantileAddsNoReplicas_itRisesToTheCeilingOverDays_andTheReasonShowsIt() {
    // 10 replicas at the 70 % target serve 140/min; even the 0.999 quantile of 140 ± 10 (about
    // 156) fits in 8 replicas, so raising the quantile costs nothing over the shadow HPA's 10.
    PredictiveScaling.Decided oneDay = run(SETTINGS, atCpu(10, 70), 140, 1);
    PredictiveScaling.Decided month = run(SETTINGS, atCpu(10, 70), 140, 30);

    assertThat(oneDay.tail().quantile(0.9)).isGreaterThan(0.9).isLessThan(0.95);
    assertThat(month.tail().quantile(0.9))
        .isGreaterThan(0.998)
        .isLessThanOrEqualTo(TailBudget.CEILING_QUANTILE + 1e-12);
    assertThat(month.decision().to()).isEqualTo(10);
    assertThat(month.decision().reason()).contains("q0.999 ");
  }

  @Test
  void whereTheForecastKeepsAddingReplicas_theQuantileStaysAtTheConfiguredOne() {
    // The forecast asks for 16 replicas while the shadow HPA keeps 10: 60 % over a 1 % budget.
    PredictiveScaling.Decided decided = run(SETTINGS, atCpu(10, 70), 300, 2);

    assertThat(decided.decision().to()).isGreaterThan(10);
    assertThat(decided.tail().shadowReplicas()).isEqualTo(10);
    assertThat(decided.tail().quantile(0.9)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void aZeroBudget_keepsTheConfiguredQuantileEvenWhereAHigherOneIsFree() {
    PredictiveScaling.Decided decided = run(SETTINGS.withTailBudget(0), atCpu(10, 70), 140, 3);

    assertThat(decided.tail().quantile(0.9)).isEqualTo(0.9);
  }

  @Test
  void theShadowHpa_scalesOnTheSameLoadAsTheWorkload_throughItsOwnStabilization() {
    // 10 replicas at the target for a minute, then at 35 %: the HPA wants 5, after its 5-minute
    // scale-down window.
    TailBudget tail = TailBudget.INITIAL;
    for (int s = 0; s < 60; s += 15) {
      tail = tail.shadow(engine, SPEC, atCpu(10, 70), T0.plusSeconds(s));
    }
    for (int s = 60; s <= 60 + 4 * 60; s += 15) {
      tail = tail.shadow(engine, SPEC, atCpu(10, 35), T0.plusSeconds(s));
    }
    assertThat(tail.shadowReplicas()).isEqualTo(10);
    for (int s = 60 + 4 * 60 + 15; s <= 60 + 6 * 60; s += 15) {
      tail = tail.shadow(engine, SPEC, atCpu(10, 35), T0.plusSeconds(s));
    }
    assertThat(tail.shadowReplicas()).isEqualTo(5);
    // The same load over the shadow's own 5 pods: 10 × 35 % / 5 = 70 %, on target, so it stays.
    tail = tail.shadow(engine, SPEC, atCpu(10, 35), T0.plusSeconds(60 + 7 * 60));
    assertThat(tail.shadowReplicas()).isEqualTo(5);
  }

  @Test
  void theFirstDecisionAfterAGap_movesTheQuantileAsOneDecisionDoes_notAsADayOfThem() {
    // A day without an update (forecast untrusted), then one decision at twice the shadow's count.
    TailBudget before = new TailBudget(2.0, 10, ScalingHistory.empty(), 10, T0);
    TailBudget after = before.afterDecision(20, T0.plus(Duration.ofDays(1)), 1.28, 0.01);

    // At most five minutes' worth: 11.52 / day × 5 min × (1 − 0.01) ≈ 0.04.
    assertThat(after.z()).isLessThan(2.0).isGreaterThan(1.95);
  }

  @Test
  void perPodObservations_leaveTheBudgetAsItWas() {
    Observation perPod =
        Observation.ofPods(2, List.of(HpaFixtures.cpuPod(0, 0.9), HpaFixtures.cpuPod(1, 0.9)));

    assertThat(TailBudget.INITIAL.shadow(engine, SPEC, perPod, T0)).isEqualTo(TailBudget.INITIAL);
  }
}
