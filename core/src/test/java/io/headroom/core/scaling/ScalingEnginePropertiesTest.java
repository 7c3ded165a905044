package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the engine over seeded random specs, observations and histories. */
class ScalingEnginePropertiesTest {
  private static final String SEED = "20240301";
  private final ScalingEngine engine = ScalingEngine.withDefaults();

  /**
   * A random situation: spec bounds and behavior, current count, CPU reading, readiness, history.
   */
  record Situation(HpaSpec spec, int current, int ready, double cpu, ScalingHistory history) {}

  @Provide
  Arbitrary<ScalingRules> rules() {
    Arbitrary<ScalingPolicy> policy =
        Combinators.combine(
                Arbitraries.of(ScalingPolicy.Type.values()),
                Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(1, 600))
            .as(ScalingPolicy::new);
    return Combinators.combine(
            Arbitraries.integers().between(0, 600),
            Arbitraries.of(SelectPolicy.values()),
            policy.list().ofMinSize(1).ofMaxSize(3))
        .as(ScalingRules::new);
  }

  @Provide
  Arbitrary<ScalingHistory> histories() {
    Arbitrary<ScalingHistory.Recommendation> recommendation =
        Combinators.combine(
                Arbitraries.integers().between(0, 900), Arbitraries.integers().between(0, 200))
            .as(
                (ago, replicas) ->
                    new ScalingHistory.Recommendation(T0.minusSeconds(ago), replicas));
    Arbitrary<ScalingHistory.ScaleEvent> event =
        Combinators.combine(
                Arbitraries.integers().between(1, 900), Arbitraries.integers().between(1, 50))
            .as((ago, change) -> new ScalingHistory.ScaleEvent(T0.minusSeconds(ago), change));
    return Combinators.combine(
            recommendation.list().ofMaxSize(30),
            event.list().ofMaxSize(5),
            event.list().ofMaxSize(5))
        .as(ScalingHistory::new);
  }

  @Provide
  Arbitrary<Situation> situations() {
    Arbitrary<int[]> bounds =
        Combinators.combine(
                Arbitraries.integers().between(1, 10), Arbitraries.integers().between(0, 60))
            .as((min, extra) -> new int[] {min, min + extra});
    return Combinators.combine(
            bounds,
            rules(),
            rules(),
            Arbitraries.integers().between(1, 120),
            Arbitraries.doubles().between(0, 100),
            Arbitraries.doubles().between(0, 100),
            Arbitraries.integers().between(10, 100),
            histories())
        .as(
            (minMax, up, down, current, readyShare, cpu, target, history) ->
                new Situation(
                    new HpaSpec(
                        minMax[0],
                        minMax[1],
                        List.of(HpaFixtures.cpu(target)),
                        new Behavior(up, down)),
                    current,
                    Math.max(1, (int) Math.round(current * readyShare / 100)),
                    cpu,
                    history));
  }

  @Property(seed = SEED, tries = 2000)
  void result_isNeverOutsideMinAndMax(@ForAll("situations") Situation s) {
    ScalingDecision decision =
        engine.decide(
            s.spec(),
            Observation.aggregate(s.current(), s.ready(), Map.of("cpu", s.cpu())),
            s.history(),
            T0);
    assertThat(decision.to()).isBetween(s.spec().minReplicas(), s.spec().maxReplicas());
  }

  @Property(seed = SEED, tries = 2000)
  void missingMetric_neverScalesDown(@ForAll("situations") Situation s) {
    HpaSpec spec =
        s.spec()
            .withMetrics(List.of(s.spec().metrics().get(0), HpaFixtures.externalValue("lag", 100)));
    int current = Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), s.current()));
    ScalingDecision decision =
        engine.decide(
            spec,
            Observation.aggregate(current, Math.min(current, s.ready()), Map.of("cpu", s.cpu())),
            s.history(),
            T0);
    assertThat(decision.to()).isGreaterThanOrEqualTo(current);
  }

  @Property(seed = SEED, tries = 500)
  void constantLoadInsideTolerance_neverScales(
      @ForAll @IntRange(min = 1, max = 50) int current,
      @ForAll @IntRange(min = 20, max = 100) int target,
      @ForAll @DoubleRange(min = -0.09, max = 0.09) double offset,
      @ForAll("rules") ScalingRules up,
      @ForAll("rules") ScalingRules down) {
    HpaSpec spec = new HpaSpec(1, 200, List.of(HpaFixtures.cpu(target)), new Behavior(up, down));
    // Utilization is truncated to whole percent, as upstream: read the ratio off that.
    double cpu = Math.floor(target * (1 + offset));
    if (Math.abs(cpu / target - 1) > 0.099) {
      cpu = target;
    }
    ScalingHistory history = ScalingHistory.empty();
    for (int i = 0; i < 60; i++) {
      ScalingDecision decision =
          engine.decide(
              spec,
              Observation.aggregate(current, Map.of("cpu", cpu)),
              history,
              T0.plus(Duration.ofSeconds(15L * i)));
      assertThat(decision.to()).as("step %d: %s", i, decision.reason()).isEqualTo(current);
      assertThat(decision.limit()).isEqualTo(Limit.WITHIN_TOLERANCE);
      history = decision.history();
    }
  }

  @Property(seed = SEED, tries = 2000)
  void predictive_isNeverBelowReactive_inTheSameState(
      @ForAll("situations") Situation s,
      @ForAll @DoubleRange(min = 0, max = 5000) double forecastLoad,
      @ForAll @DoubleRange(min = 0, max = 1000) double halfWidth,
      @ForAll boolean trusted) {
    PredictiveScaling predictive =
        new PredictiveScaling(engine, new PredictiveSettings(20, Duration.ofSeconds(135)));
    List<ForecastPoint> points = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Instant at = T0.plusSeconds(60L * i);
      points.add(
          new ForecastPoint(
              at, forecastLoad, Math.max(0, forecastLoad - halfWidth), forecastLoad + halfWidth));
    }
    LoadForecast forecast = new LoadForecast("test", trusted, points, trusted ? "" : "test");
    Observation observation = Observation.aggregate(s.current(), s.ready(), Map.of("cpu", s.cpu()));
    ScalingDecision reactive = engine.decide(s.spec(), observation, s.history(), T0);
    ScalingDecision predicted = predictive.decide(s.spec(), observation, s.history(), T0, forecast);
    assertThat(predicted.to()).isGreaterThanOrEqualTo(reactive.to());
    assertThat(predicted.to()).isBetween(s.spec().minReplicas(), s.spec().maxReplicas());
    if (!trusted) {
      assertThat(predicted.to()).isEqualTo(reactive.to());
      assertThat(predicted.history()).isEqualTo(reactive.history());
    }
  }
}
