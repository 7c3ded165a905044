package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetDeciderTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final HpaSpec SPEC = HpaSpec.cpu(1, 100, 70);
  private static final PredictiveSettings PREDICTIVE =
      new PredictiveSettings(20, Duration.ofSeconds(135));
  private final ScalingEngine engine = ScalingEngine.withDefaults();
  private final TargetDecider hpa =
      new TargetDecider(engine, SPEC, null, TargetDecider.DEFAULT_TRUST_WINDOW);
  private final TargetDecider predictive =
      new TargetDecider(engine, SPEC, PREDICTIVE, TargetDecider.DEFAULT_TRUST_WINDOW);

  private static Observation atCpu(int replicas, double cpu) {
    return Observation.aggregate(replicas, Map.of("cpu", cpu));
  }

  /** 400 a minute for the next two minutes, sure of it: 400 / 20 = 20 replicas within capacity. */
  private static TargetDecider.ForecastInput surge(boolean modelTrusted) {
    return new TargetDecider.ForecastInput(
        "test",
        modelTrusted,
        MINUTE,
        List.of(
            new ForecastPoint(T0.plusSeconds(60), 400, 400, 400),
            new ForecastPoint(T0.plusSeconds(120), 400, 400, 400)));
  }

  @Test
  void hpaPolicy_isTheEngine_andIgnoresForecasts() {
    ScalingDecision engineAlone = engine.decide(SPEC, atCpu(4, 95), ScalingHistory.empty(), T0);
    TargetDecider.Outcome outcome =
        hpa.decide(TargetDecider.State.INITIAL, atCpu(4, 95), surge(true), T0);
    assertThat(outcome.decision().to()).isEqualTo(engineAlone.to()).isEqualTo(6);
    assertThat(outcome.decision().reason()).isEqualTo(engineAlone.reason());
    assertThat(outcome.state().history()).isEqualTo(engineAlone.history());
  }

  @Test
  void trustedForecast_raisesAhead_untrustedModel_isTheHpa() {
    TargetDecider.Outcome raised =
        predictive.decide(TargetDecider.State.INITIAL, atCpu(10, 70), surge(true), T0);
    assertThat(raised.decision().to()).isEqualTo(20);
    assertThat(raised.decision().forecast()).isEqualTo(ForecastUse.RAISED);
    TargetDecider.Outcome young =
        predictive.decide(TargetDecider.State.INITIAL, atCpu(10, 70), surge(false), T0);
    assertThat(young.decision().to()).isEqualTo(10);
    assertThat(young.decision().forecast()).isEqualTo(ForecastUse.UNTRUSTED);
    assertThat(young.decision().reason())
        .contains("forecast test not trusted (too little history)");
    TargetDecider.Outcome none =
        predictive.decide(TargetDecider.State.INITIAL, atCpu(10, 70), null, T0);
    assertThat(none.decision().forecast()).isEqualTo(ForecastUse.ABSENT);
  }

  @Test
  void actualsBelowTheLowerBound_distrustTheForecast_untilItRecovers() {
    TargetDecider.State state = TargetDecider.State.INITIAL;
    ForecastPoint tooHigh = new ForecastPoint(T0, 400, 300, 500);
    for (int i = 0; i < 30; i++) {
      state =
          predictive.scoreActual(
              state, 100, tooHigh, MINUTE); // an outage: far below the lower bound
    }
    TargetDecider.Outcome distrusted = predictive.decide(state, atCpu(10, 70), surge(true), T0);
    assertThat(distrusted.decision().to()).isEqualTo(10);
    assertThat(distrusted.decision().forecast()).isEqualTo(ForecastUse.UNTRUSTED);
    assertThat(distrusted.decision().reason()).contains("recent actuals below its lower bound");
    assertThat(distrusted.state().overForecastShare()).isEqualTo(state.overForecastShare());
    for (int i = 0; i < 60; i++) {
      state = predictive.scoreActual(state, 400, tooHigh, MINUTE);
    }
    assertThat(predictive.decide(state, atCpu(10, 70), surge(true), T0).decision().forecast())
        .isEqualTo(ForecastUse.RAISED);
  }

  @Test
  void hpaPolicy_keepsNoTrust_andANullForecastScoresNothing() {
    ForecastPoint point = new ForecastPoint(T0, 400, 300, 500);
    assertThat(hpa.scoreActual(TargetDecider.State.INITIAL, 1, point, MINUTE))
        .isEqualTo(TargetDecider.State.INITIAL);
    assertThat(predictive.scoreActual(TargetDecider.State.INITIAL, 1, null, MINUTE))
        .isEqualTo(TargetDecider.State.INITIAL);
  }

  @Test
  void trustWindow_isCountedInForecastSteps_roundedToTheNearest_atLeastOne() {
    // 30 min of 1-minute steps: an EWMA over 30 steps, alpha 2 / 31. The Flink job and the
    // backtester share this rule.
    assertThat(TargetDecider.trustOver(Duration.ofMinutes(30), MINUTE).alpha())
        .isCloseTo(2.0 / 31, within(1e-12));
    assertThat(TargetDecider.trustOver(Duration.ofMinutes(30), Duration.ofMinutes(7)).alpha())
        .isCloseTo(2.0 / 5, within(1e-12));
    assertThat(TargetDecider.trustOver(Duration.ofMinutes(30), Duration.ofHours(1)).alpha())
        .isEqualTo(1);
  }
}
