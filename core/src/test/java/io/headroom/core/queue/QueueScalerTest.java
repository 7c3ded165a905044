package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.queue.QueueDecision.Action;
import io.headroom.core.scaling.Behavior;
import io.headroom.core.scaling.Limit;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.MetricTarget;
import io.headroom.core.scaling.ScalingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KEDA + HPA on lag: the e2e cases of {@code tests/scalers/kafka/kafka_test.go} (3 partitions,
 * {@code lagThreshold: 1}, {@code activationLagThreshold: 1}) replayed decision by decision, and
 * the executor's scale-to-zero rule.
 */
class QueueScalerTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  private static final KafkaLagSettings E2E =
      KafkaLagSettings.DEFAULTS
          .withLagThreshold(1)
          .withActivationLagThreshold(1)
          .withOffsetResetPolicy(OffsetResetPolicy.EARLIEST);

  private final QueueScaler scaler =
      new QueueScaler(ScalingEngine.withDefaults(), ScaledObject.defaults(), 1);
  private final QueueScaler scalerAt10 =
      new QueueScaler(ScalingEngine.withDefaults(), ScaledObject.defaults(), 10);

  /**
   * Decides every 15 s with all pods ready, as long as the lag stays; returns the last decision.
   */
  private QueueDecision settle(
      QueueScaler.State[] state, int[] replicas, ConsumerLag lag, int[] t) {
    QueueDecision decision = null;
    for (int i = 0; i < 8; i++) {
      decision =
          scaler.decide(state[0], lag, replicas[0], replicas[0], T0.plusSeconds(15L * t[0]++));
      state[0] = decision.state();
      replicas[0] = decision.to();
    }
    return decision;
  }

  private static ConsumerLag earliestUncommitted(long... logEnds) {
    List<PartitionOffsets> partitions =
        java.util.stream.IntStream.range(0, logEnds.length)
            .mapToObj(p -> PartitionOffsets.uncommitted(p, logEnds[p]))
            .toList();
    return ConsumerLag.of(partitions, E2E);
  }

  @Test
  void hpaSpec_isAnExternalAverageValueOfTheLagThreshold_withAtLeastOneReplica() {
    assertThat(scaler.hpaSpec().minReplicas()).isEqualTo(1);
    assertThat(scaler.hpaSpec().maxReplicas()).isEqualTo(100);
    assertThat(scaler.hpaSpec().metrics())
        .containsExactly(
            new MetricSpec.External(ScaledObject.METRIC_NAME, MetricTarget.averageValue(1)));
  }

  @Test
  void testEarliestPolicy_staysAtZero_thenTwo_thenCappedAtThreePartitions() {
    QueueScaler.State[] state = {QueueScaler.State.INITIAL};
    int[] replicas = {0};
    int[] t = {0};
    // no message: no lag, stays at 0
    assertThat(settle(state, replicas, earliestUncommitted(0, 0, 0), t).to()).isZero();
    // one message: lag 1 is not above the activation threshold 1
    QueueDecision one = settle(state, replicas, earliestUncommitted(1, 0, 0), t);
    assertThat(one.to()).isZero();
    assertThat(one.reason()).contains("inactive (lag <= 1)");
    // two messages: active, KEDA wakes it to 1, the HPA takes it to ceil(2 / 1) = 2
    QueueDecision first =
        scaler.decide(state[0], earliestUncommitted(1, 1, 0), 0, 0, T0.plusSeconds(15L * t[0]));
    assertThat(first.action()).isEqualTo(Action.SCALE_FROM_ZERO);
    assertThat(first.to()).isEqualTo(1);
    replicas[0] = 1;
    state[0] = first.state();
    t[0]++;
    assertThat(settle(state, replicas, earliestUncommitted(1, 1, 0), t).to()).isEqualTo(2);
    // seven messages: lag 7 / 1 > 3 partitions, reported as 3, the HPA stops at 3
    QueueDecision capped = settle(state, replicas, earliestUncommitted(3, 2, 2), t);
    assertThat(capped.to()).isEqualTo(3);
    assertThat(capped.lag().metricValue()).isEqualTo(3);
    assertThat(capped.reason())
        .contains("lag 7 on 3 partitions (3 with lag)")
        .contains("capped at 3 partitions × 1 per replica = 3")
        .contains("HPA: ");
  }

  @Test
  void testScalingOnlyPartitionsWithLag_oneReplicaPerPartitionWithLag() {
    KafkaLagSettings settings =
        KafkaLagSettings.DEFAULTS
            .withLagThreshold(1)
            .withActivationLagThreshold(1)
            .withLimitToPartitionsWithLag(true);
    QueueScaler.State[] state = {QueueScaler.State.INITIAL};
    int[] replicas = {0};
    int[] t = {0};
    // committed at the end ("latest"), one message on the first key's partition: lag 1, inactive
    assertThat(settle(state, replicas, lag(settings, 1, 0, 0), t).to()).isZero();
    // five more on the same partition: active, capped at 1 partition with lag
    assertThat(settle(state, replicas, lag(settings, 6, 0, 0), t).to()).isEqualTo(1);
    // five on a second partition: 2 partitions with lag, 2 replicas
    QueueDecision two = settle(state, replicas, lag(settings, 6, 5, 0), t);
    assertThat(two.to()).isEqualTo(2);
    assertThat(two.reason()).contains("capped at 2 partitions with lag × 1 per replica = 2");
  }

  private static ConsumerLag lag(KafkaLagSettings settings, long... lags) {
    List<PartitionOffsets> partitions =
        java.util.stream.IntStream.range(0, lags.length)
            .mapToObj(p -> PartitionOffsets.committed(p, 100 + lags[p], 100))
            .toList();
    return ConsumerLag.of(partitions, settings);
  }

  @Test
  void inactive_scalesToZeroOnlyAfterTheCooldownSinceTheLastActiveCheck() {
    ConsumerLag busy = ConsumerLag.of(50, 10, 10, KafkaLagSettings.DEFAULTS);
    ConsumerLag idle = ConsumerLag.of(0, 10, 0, KafkaLagSettings.DEFAULTS);
    QueueDecision active = scalerAt10.decide(QueueScaler.State.INITIAL, busy, 5, 5, T0);
    assertThat(active.state().lastActive()).isEqualTo(T0);
    // 300 s later: not strictly after the cooldown yet, the HPA (still cooling down) decides
    QueueDecision cooling =
        scalerAt10.decide(active.state(), idle, 5, 5, T0.plus(Duration.ofSeconds(300)));
    assertThat(cooling.action()).isEqualTo(Action.HPA);
    assertThat(cooling.to()).isGreaterThan(0);
    QueueDecision sleep =
        scalerAt10.decide(cooling.state(), idle, 5, 5, T0.plus(Duration.ofSeconds(301)));
    assertThat(sleep.action()).isEqualTo(Action.SCALE_TO_ZERO);
    assertThat(sleep.to()).isZero();
    assertThat(sleep.reason()).contains("inactive (lag <= 0)").contains("-> 0 after the cooldown");
    // at zero and inactive: nothing moves (the HPA is disabled at 0 replicas)
    QueueDecision asleep =
        scalerAt10.decide(sleep.state(), idle, 0, 0, T0.plus(Duration.ofSeconds(400)));
    assertThat(asleep.to()).isZero();
    assertThat(asleep.hpa().limit()).isEqualTo(Limit.SCALING_DISABLED);
  }

  @Test
  void minReplicaCount_keepsAnInactiveTargetAtTheMinimum() {
    QueueScaler atLeastTwo =
        new QueueScaler(
            ScalingEngine.withDefaults(),
            new ScaledObject(2, 10, Duration.ofMinutes(5), Behavior.defaults()),
            10);
    ConsumerLag idle = ConsumerLag.of(0, 4, 0, KafkaLagSettings.DEFAULTS);
    QueueDecision decision = atLeastTwo.decide(QueueScaler.State.INITIAL, idle, 0, 0, T0);
    assertThat(decision.action()).isEqualTo(Action.BELOW_MIN_REPLICA_COUNT);
    assertThat(decision.to()).isEqualTo(2);
    ConsumerLag busy = ConsumerLag.of(25, 4, 4, KafkaLagSettings.DEFAULTS);
    assertThat(atLeastTwo.decide(QueueScaler.State.INITIAL, busy, 0, 0, T0).to()).isEqualTo(2);
  }

  @Test
  void hpaBehaviorStillApplies_scaleDownWaitsForTheStabilizationWindow() {
    ConsumerLag busy = ConsumerLag.of(80, 10, 10, KafkaLagSettings.DEFAULTS);
    ConsumerLag light = ConsumerLag.of(20, 10, 10, KafkaLagSettings.DEFAULTS);
    QueueDecision up = scalerAt10.decide(QueueScaler.State.INITIAL, busy, 4, 4, T0);
    assertThat(up.to()).isEqualTo(8);
    QueueDecision held = scalerAt10.decide(up.state(), light, 8, 8, T0.plusSeconds(60));
    assertThat(held.to()).isEqualTo(8);
    assertThat(held.hpa().limit()).isEqualTo(Limit.SCALE_DOWN_STABILIZED);
  }
}
