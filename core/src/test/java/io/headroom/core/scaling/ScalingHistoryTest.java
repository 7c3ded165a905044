package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingHistoryTest {
  private static final Behavior DEFAULTS = Behavior.defaults(); // windows 0/300 s, periods 15 s

  @Test
  void prune_dropsRecommendationsOutsideTheLongestWindow_andEventsOutsideTheLongestPeriod() {
    ScalingHistory history =
        new ScalingHistory(
            List.of(
                new ScalingHistory.Recommendation(T0.minusSeconds(300), 9),
                new ScalingHistory.Recommendation(T0.minusSeconds(299), 8)),
            List.of(
                new ScalingHistory.ScaleEvent(T0.minusSeconds(15), 2),
                new ScalingHistory.ScaleEvent(T0.minusSeconds(14), 1)),
            List.of(new ScalingHistory.ScaleEvent(T0.minusSeconds(16), 3)));
    ScalingHistory pruned = history.prune(T0, DEFAULTS);
    assertThat(pruned.recommendations())
        .containsExactly(new ScalingHistory.Recommendation(T0.minusSeconds(299), 8));
    assertThat(pruned.scaleUps())
        .containsExactly(new ScalingHistory.ScaleEvent(T0.minusSeconds(14), 1));
    assertThat(pruned.scaleDowns()).isEmpty();
  }

  @Test
  void prune_keepsUpEventsForTheLongestPeriodOfEitherDirection() {
    Behavior longDown =
        new Behavior(
            null, new ScalingRules(0, SelectPolicy.Max, List.of(ScalingPolicy.percent(10, 600))));
    ScalingHistory history = ScalingHistory.empty().withScale(T0.minusSeconds(500), 3, 5);
    assertThat(history.prune(T0, longDown).scaleUps()).hasSize(1);
    assertThat(history.prune(T0, DEFAULTS).scaleUps()).isEmpty();
  }

  @Test
  void prune_withNothingToDrop_returnsTheSameInstance() {
    ScalingHistory history = ScalingHistory.empty().withRecommendation(T0.minusSeconds(10), 4);
    assertThat(history.prune(T0, DEFAULTS)).isSameAs(history);
  }

  @Test
  void withScale_recordsMagnitudesByDirection() {
    ScalingHistory history =
        ScalingHistory.empty().withScale(T0, 3, 7).withScale(T0, 7, 5).withScale(T0, 5, 5);
    assertThat(history.scaleUps()).containsExactly(new ScalingHistory.ScaleEvent(T0, 4));
    assertThat(history.scaleDowns()).containsExactly(new ScalingHistory.ScaleEvent(T0, 2));
  }

  @Test
  void history_isImmutable() {
    ScalingHistory history = ScalingHistory.empty().withRecommendation(T0, 4);
    assertThatThrownBy(
            () -> history.recommendations().add(new ScalingHistory.Recommendation(T0, 5)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(ScalingHistory.empty().recommendations()).isEmpty();
  }

  @Test
  void decisionsEvery15s_keepTheHistoryBoundedByTheWindow() {
    ScalingEngine engine = ScalingEngine.withDefaults();
    HpaSpec spec = HpaSpec.cpu(1, 100, 70);
    ScalingHistory history = ScalingHistory.empty();
    int replicas = 4;
    for (int i = 0; i < 400; i++) {
      double cpu = i % 7 == 0 ? 95 : 40; // keeps it moving up and down
      ScalingDecision decision =
          engine.decide(
              spec,
              Observation.aggregate(replicas, Map.of("cpu", cpu)),
              history,
              T0.plus(Duration.ofSeconds(15L * i)));
      history = decision.history();
      replicas = decision.to();
    }
    // 300 s window at 15 s: the 19 earlier recommendations strictly inside it plus the new one.
    assertThat(history.recommendations()).hasSize(20);
    assertThat(history.scaleUps().size() + history.scaleDowns().size()).isLessThanOrEqualTo(1);
  }
}
