package io.headroom.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.scaling.PredictiveSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetsConfigTailBudgetTest {
  private static final Duration SYNC = Duration.ofSeconds(15);

  private static String checkout(String predictive) {
    return """
        targets:
          - name: checkout
            policy: predictive
            predictive: %s
            spec:
              maxReplicas: 30
              metrics:
                - type: Resource
                  resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        """
        .formatted(predictive);
  }

  private static PredictiveSettings predictive(String yaml) {
    return TargetsConfig.parse(checkout(yaml), SYNC).target("checkout").predictive();
  }

  @Test
  void tailBudget_defaultsToThePolicysDefault_andIsReadWhenGiven() {
    assertThat(predictive("{replicaCapacity: 20}").tailBudget())
        .isEqualTo(PredictiveSettings.DEFAULT_TAIL_BUDGET);
    assertThat(predictive("{replicaCapacity: 20, tailBudget: 0}").tailBudget()).isZero();
    assertThat(predictive("{replicaCapacity: 20, tailBudget: 0.03}").tailBudget()).isEqualTo(0.03);
  }

  @Test
  void aNegativeTailBudget_isOneLineNamingTheField() {
    assertThatThrownBy(() -> predictive("{replicaCapacity: 20, tailBudget: -0.1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targets[0].predictive")
        .hasMessageContaining("tailBudget: -0.1 must be in [0, 1)")
        .hasMessageNotContaining("\n");
  }
}
