package io.headroom.core.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.ScalingHistory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA that KEDA builds from the scaler's answers, run through Headroom's own restatement of the
 * upstream HPA: an External metric of type AverageValue with target {@link
 * ExternalScalerRules#TARGET_SIZE}, fed the command's replicas, lands on those replicas, except
 * inside the HPA's 10 % tolerance (docs/keda.md).
 */
class KedaHpaArithmeticTest {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final String METRIC = ExternalScalerRules.metricName("checkout");

  /** As KEDA writes it for a trigger without metricType, plus docs/keda.md's behavior. */
  private static final HpaSpec KEDA_HPA =
      hpa(
          """
          behavior:
            scaleUp:
              stabilizationWindowSeconds: 0
              policies: [{type: Percent, value: 1000, periodSeconds: 15}]
            scaleDown: {stabilizationWindowSeconds: 0}
          """);

  /** The HPA's default behavior: the 300 s scale-down window, up by 100 % or 4 pods per 15 s. */
  private static final HpaSpec DEFAULT_BEHAVIOR_HPA = hpa("");

  private static HpaSpec hpa(String behavior) {
    return HpaSpecParser.parse(
        """
        minReplicas: 1
        maxReplicas: 30
        metrics:
          - type: External
            external:
              metric: {name: %s}
              target: {type: AverageValue, averageValue: "1"}
        """
                .formatted(METRIC)
            + behavior);
  }

  @ParameterizedTest(name = "{0} replicas, command says {1} -> HPA asks for {2}")
  @CsvSource({
    "2, 6, 6", // up: ceil(6 / 1)
    "2, 9, 9", // up by 350 %: the default policy would stop at 6 (see below)
    "10, 14, 14", // up by 40 %
    "10, 3, 3", // down, once the scale-down window is 0
    "4, 4, 4", // steady
    // the naive answer is 11: the HPA's tolerance ignores |11/10 - 1| = 0.1 and keeps 10
    "10, 11, 10",
    "10, 12, 12", // 20 %: outside the tolerance
  })
  void averageValueTargetOfOne_landsOnTheCommandsReplicas(int current, int command, int expected) {
    Observation observation =
        new Observation.Aggregate(current, current, Map.of(), Map.of(METRIC, (double) command));

    int replicas =
        ScalingEngine.withDefaults().decide(KEDA_HPA, observation, steadyFor(current), T0).to();

    assertThat(replicas).isEqualTo(expected);
  }

  @ParameterizedTest(name = "default behavior: {0} replicas, command says {1} -> HPA asks for {2}")
  @CsvSource({
    "2, 9, 6", // capped by the default scale-up policies: max(+100 %, +4 pods) per 15 s
    "10, 3, 10", // held by the default 300 s scale-down window (the current count is recommended)
  })
  void theHpasDefaultBehavior_delaysTheCommand(int current, int command, int expected) {
    Observation observation =
        new Observation.Aggregate(current, current, Map.of(), Map.of(METRIC, (double) command));

    int replicas =
        ScalingEngine.withDefaults()
            .decide(DEFAULT_BEHAVIOR_HPA, observation, steadyFor(current), T0)
            .to();

    assertThat(replicas).isEqualTo(expected);
  }

  /** The HPA recommended the current count a minute ago (a Deployment that had been steady). */
  private static ScalingHistory steadyFor(int current) {
    return ScalingHistory.empty().withRecommendation(T0.minusSeconds(60), current);
  }
}
