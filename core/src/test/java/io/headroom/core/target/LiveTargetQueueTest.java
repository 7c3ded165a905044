package io.headroom.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.OffsetResetPolicy;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.scaling.ScalingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queue targets of the targets file, decided by LiveTarget as KEDA's Kafka scaler. */
class LiveTargetQueueTest {
  static final Duration SYNC = Duration.ofSeconds(15);
  static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();

  static final String WORKERS =
      """
      targets:
        - name: workers
          queue: {group: workers, topic: jobs, lagThreshold: 100, activationLagThreshold: 0,
                  limitToPartitionsWithLag: false}
      """;

  static LiveTarget target(String yaml) {
    TargetConfig config = TargetsConfig.parse(yaml, SYNC).target("workers");
    return new LiveTarget(
        ScalingEngine.withDefaults(), config, Duration.ofMinutes(1), Duration.ofMinutes(2));
  }

  /** {@code lags[i]} behind on partition i (committed at 1000 - lag of 1000). */
  static LagReading reading(long time, long... lags) {
    List<PartitionOffsets> offsets = new ArrayList<>();
    for (int p = 0; p < lags.length; p++) {
      offsets.add(PartitionOffsets.committed(p, 1000, 1000 - lags[p]));
    }
    return LagReading.of(time, offsets);
  }

  @Test
  void parse_queueTarget_withKedaNamesAndDefaults() {
    TargetConfig config = TargetsConfig.parse(WORKERS, SYNC).target("workers");
    assertThat(config.isQueue()).isTrue();
    assertThat(config.policyLabel()).isEqualTo("queue");
    QueueSource queue = config.queue();
    assertThat(queue.group()).isEqualTo("workers");
    assertThat(queue.topic()).isEqualTo("jobs");
    assertThat(queue.bootstrap()).isNull();
    assertThat(queue.bootstrapOr("b:9092")).isEqualTo("b:9092");
    assertThat(queue.lag().lagThreshold()).isEqualTo(100);
    assertThat(queue.lag().activationLagThreshold()).isZero();
    assertThat(queue.lag().offsetResetPolicy()).isEqualTo(OffsetResetPolicy.LATEST);
    assertThat(queue.scaledObject().minReplicaCount()).isZero();
    assertThat(queue.scaledObject().maxReplicaCount()).isEqualTo(100);
    assertThat(queue.scaledObject().cooldownPeriod()).isEqualTo(Duration.ofSeconds(300));
    assertThat(config.spec().maxReplicas()).isEqualTo(100);
  }

  @Test
  void parse_kedaStringValues_andEveryField() {
    TargetConfig config =
        TargetsConfig.parse(
                """
                targets:
                  - name: workers
                    queue:
                      bootstrap: kafka-1:9092,kafka-2:9092
                      group: g
                      topic: t
                      lagThreshold: "50"
                      activationLagThreshold: "5"
                      offsetResetPolicy: earliest
                      allowIdleConsumers: "false"
                      limitToPartitionsWithLag: "true"
                      scaleToZeroOnInvalidOffset: true
                      minReplicaCount: 1
                      maxReplicaCount: 12
                      cooldownPeriod: 60
                """,
                SYNC)
            .target("workers");
    QueueSource queue = config.queue();
    assertThat(queue.bootstrap()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(queue.lag().lagThreshold()).isEqualTo(50);
    assertThat(queue.lag().activationLagThreshold()).isEqualTo(5);
    assertThat(queue.lag().offsetResetPolicy()).isEqualTo(OffsetResetPolicy.EARLIEST);
    assertThat(queue.lag().limitToPartitionsWithLag()).isTrue();
    assertThat(queue.lag().scaleToZeroOnInvalidOffset()).isTrue();
    assertThat(queue.scaledObject().minReplicaCount()).isEqualTo(1);
    assertThat(queue.scaledObject().maxReplicaCount()).isEqualTo(12);
    assertThat(queue.scaledObject().cooldownPeriod()).isEqualTo(Duration.ofSeconds(60));
  }

  static void rejects(String queue, String message) {
    String yaml = "targets:\n  - name: workers\n    queue: " + queue + "\n";
    assertThatThrownBy(() -> TargetsConfig.parse(yaml, SYNC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void parse_badQueueConfig_isOneLineNamingTheField() {
    rejects(
        "{topic: t}",
        "targets[0].queue.group: missing, the consumer group whose lag scales the target");
    rejects("{group: g}", "targets[0].queue.topic: missing, the topic the group reads");
    rejects(
        "{group: g, topic: t, lagThreshold: 0}", "targets[0].queue.lagThreshold: 0 must be > 0");
    rejects(
        "{group: g, topic: t, lagThreshold: lots}",
        "targets[0].queue.lagThreshold: 'lots' must be an integer");
    rejects(
        "{group: g, topic: t, activationLagThreshold: -1}",
        "targets[0].queue.activationLagThreshold: -1 must be >= 0");
    rejects(
        "{group: g, topic: t, offsetResetPolicy: newest}",
        "targets[0].queue.offsetResetPolicy: 'newest' must be latest or earliest");
    rejects(
        "{group: g, topic: t, allowIdleConsumers: true, limitToPartitionsWithLag: true}",
        "targets[0].queue.allowIdleConsumers and limitToPartitionsWithLag cannot be set"
            + " simultaneously");
    rejects(
        "{group: g, topic: t, minReplicaCount: 5, maxReplicaCount: 3}",
        "targets[0].queue.maxReplicaCount: 3 must be >= 1 and >= minReplicaCount (5)");
    rejects(
        "{group: g, topic: t, bootstrap: nohost}",
        "targets[0].queue.bootstrap: 'nohost' must be host:port");
    assertThatThrownBy(
            () ->
                TargetsConfig.parse(
                    "targets:\n  - name: w\n    queue: {group: g, topic: t, lagTreshold: 5}\n",
                    SYNC))
        .hasMessageStartingWith("targets[0].queue.lagTreshold: unknown field");
    assertThatThrownBy(
            () ->
                TargetsConfig.parse(
                    "targets:\n  - name: w\n    queue: {group: g, topic: t}\n    spec: {maxReplicas: 3}\n",
                    SYNC))
        .hasMessageStartingWith("targets[0].spec: set on a queue target");
    assertThatThrownBy(
            () ->
                TargetsConfig.parse(
                    "targets:\n  - name: w\n    policy: predictive\n    queue: {group: g, topic: t}\n",
                    SYNC))
        .hasMessage(
            "targets[0].predictive: missing, required when policy is predictive (replicaCapacity:"
                + " the items one consumer serves per step)");
  }

  @Test
  void fromZero_activationWakesIt_thenTheHpaScalesUp_cappedAtThePartitions() {
    LiveTarget target = target(WORKERS);
    TargetView view = TargetView.EMPTY;
    // 4 partitions, 3000 behind in all: 3000 / 100 = 30 > 4 partitions -> reported 4 x 100 = 400
    LiveTarget.QueueDecided first = target.decideQueue(view, reading(T0, 1000, 1000, 500, 500));
    assertThat(first.isSkipped()).isFalse();
    assertThat(first.decision().action()).isEqualTo(QueueDecision.Action.SCALE_FROM_ZERO);
    assertThat(first.decision().from()).isZero();
    assertThat(first.decision().to()).isEqualTo(1);

    LiveTarget.QueueDecided second =
        target.decideQueue(first.view(), reading(T0 + 15_000, 1000, 1000, 500, 500));
    assertThat(second.decision().action()).isEqualTo(QueueDecision.Action.HPA);
    assertThat(second.decision().from()).isEqualTo(1);
    assertThat(second.decision().to()).isEqualTo(4);
    assertThat(second.decision().reason())
        .startsWith(
            "lag 3000 on 4 partitions (4 with lag), capped at 4 partitions × 100 per replica = 400");

    // falls further behind: still 4, the partition count
    LiveTarget.QueueDecided third =
        target.decideQueue(second.view(), reading(T0 + 30_000, 1000, 1000, 1000, 1000));
    assertThat(third.decision().from()).isEqualTo(4);
    assertThat(third.decision().to()).isEqualTo(4);
    assertThat(third.view().lastTo()).isEqualTo(4);
  }

  @Test
  void limitToPartitionsWithLag_capsAtThePartitionsThatHaveLag() {
    LiveTarget target =
        target(
            WORKERS.replace("limitToPartitionsWithLag: false", "limitToPartitionsWithLag: true"));
    LiveTarget.QueueDecided first =
        target.decideQueue(TargetView.EMPTY, reading(T0, 2000, 2000, 0, 0));
    LiveTarget.QueueDecided second =
        target.decideQueue(first.view(), reading(T0 + 15_000, 2000, 2000, 0, 0));
    assertThat(second.decision().to()).isEqualTo(2);
    assertThat(second.decision().reason()).contains("capped at 2 partitions with lag × 100");
  }

  @Test
  void inactive_forTheCooldown_scalesToZero_andActivationThresholdHoldsItThere() {
    LiveTarget target =
        target(
            WORKERS.replace("activationLagThreshold: 0", "activationLagThreshold: 50")
                + "      # cooldown\n");
    LiveTarget.QueueDecided woke = target.decideQueue(TargetView.EMPTY, reading(T0, 30, 30, 0, 0));
    assertThat(woke.decision().action()).isEqualTo(QueueDecision.Action.SCALE_FROM_ZERO);
    // 20 in total, not above 50: inactive; the cooldown (300 s) runs from the last active check
    TargetView view = woke.view();
    long t = T0;
    LiveTarget.QueueDecided last = null;
    for (int i = 1; i <= 21; i++) {
      t = T0 + i * 15_000L;
      last = target.decideQueue(view, reading(t, 10, 10, 0, 0));
      view = last.view();
      if (last.decision().to() == 0) {
        break;
      }
    }
    assertThat(last.decision().action()).isEqualTo(QueueDecision.Action.SCALE_TO_ZERO);
    assertThat(t - T0).isEqualTo(315_000L); // strictly after 300 s
    // at zero: a lag at the activation threshold does not wake it, above it does
    LiveTarget.QueueDecided stays = target.decideQueue(view, reading(t + 15_000, 25, 25, 0, 0));
    assertThat(stays.decision().to()).isZero();
    LiveTarget.QueueDecided wakes =
        target.decideQueue(stays.view(), reading(t + 30_000, 26, 25, 0, 0));
    assertThat(wakes.decision().action()).isEqualTo(QueueDecision.Action.SCALE_FROM_ZERO);
    assertThat(wakes.decision().to()).isEqualTo(1);
  }

  @Test
  void aFailedReading_isSkippedWithTheReason_andChangesNothing() {
    LiveTarget target = target(WORKERS);
    LiveTarget.QueueDecided first = target.decideQueue(TargetView.EMPTY, reading(T0, 500));
    LiveTarget.QueueDecided skipped =
        target.decideQueue(
            first.view(),
            LagReading.failed(T0 + 15_000, "consumer group 'workers' does not exist on b:9092"));
    assertThat(skipped.isSkipped()).isTrue();
    assertThat(skipped.decision()).isNull();
    assertThat(skipped.replicas()).isEqualTo(1);
    assertThat(skipped.skipped())
        .isEqualTo(
            "skipped: consumer group 'workers' does not exist on b:9092; group 'workers' on topic"
                + " 'jobs' is not decided until its lag can be read");
    assertThat(skipped.view()).isSameAs(first.view());
  }

  @Test
  void aQueueTarget_isNotDecidedFromWindows_andAWindowTargetNotFromLag() {
    LiveTarget queue = target(WORKERS);
    assertThatThrownBy(() -> queue.decide(TargetView.EMPTY, T0))
        .isInstanceOf(IllegalStateException.class);
    LiveTarget windows =
        new LiveTarget(
            ScalingEngine.withDefaults(),
            TargetsConfig.parse("targets:\n  - name: workers\n    spec: {maxReplicas: 3}\n", SYNC)
                .target("workers"),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2));
    assertThatThrownBy(() -> windows.decideQueue(TargetView.EMPTY, reading(T0, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * KEDA's e2e {@code testPersistentLag}: a group that stopped committing keeps its lag but is not
   * scaled above one replica, and, still active, not to zero either.
   */
  @Test
  void excludePersistentLag_aStuckGroup_staysAtOneReplica_whereTheReactiveRuleScalesOut() {
    String yaml =
        """
        targets:
          - name: workers
            queue: {group: workers, topic: jobs, lagThreshold: 10, excludePersistentLag: "true"}
        """;
    LiveTarget excluding = target(yaml);
    LiveTarget plain = target(yaml.replace("excludePersistentLag: \"true\"", "minReplicaCount: 0"));
    assertThat(excluding.config().queue().lag().excludePersistentLag()).isTrue();
    TargetView stuck = TargetView.EMPTY;
    TargetView counted = TargetView.EMPTY;
    LiveTarget.QueueDecided last = null;
    LiveTarget.QueueDecided lastPlain = null;
    // committed stays at 0 on three partitions while 5 more records arrive on each, for 10 minutes
    for (int i = 0; i <= 40; i++) {
      long produced = 5 + 5L * i;
      List<PartitionOffsets> offsets = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        offsets.add(PartitionOffsets.committed(p, produced, 0));
      }
      LagReading reading = LagReading.of(T0 + i * 15_000L, offsets);
      last = excluding.decideQueue(stuck, reading);
      lastPlain = plain.decideQueue(counted, reading);
      stuck = last.view();
      counted = lastPlain.view();
      if (i == 0) {
        assertThat(last.decision().action()).isEqualTo(QueueDecision.Action.SCALE_FROM_ZERO);
      } else {
        assertThat(last.decision().to()).as("reading %d", i).isEqualTo(1);
        assertThat(last.decision().lag().metricValue()).isZero();
        assertThat(last.decision().lag().active()).isTrue();
      }
    }
    assertThat(stuck.queue().previousOffsets()).isEqualTo(java.util.Map.of(0, 0L, 1, 0L, 2, 0L));
    assertThat(last.decision().reason()).contains("left out as persistent");
    assertThat(lastPlain.decision().to()).as("capped at the 3 partitions").isEqualTo(3);
  }

  static final String PREDICTIVE_WORKERS =
      """
      targets:
        - name: workers
          policy: predictive
          replicas: commanded
          predictive: {replicaCapacity: 20, model: naive, step: 1m, startup: 2m}
          queue: {group: workers, topic: jobs, lagThreshold: 100}
      """;

  @Test
  void parse_predictiveQueueTarget_takesTheBacktestsSettings() {
    TargetConfig config = TargetsConfig.parse(PREDICTIVE_WORKERS, SYNC).target("workers");
    assertThat(config.policy()).isEqualTo(TargetConfig.Policy.PREDICTIVE);
    assertThat(config.predictive().replicaCapacity()).isEqualTo(20);
    assertThat(config.predictive().lead())
        .as("start-up + one sync")
        .isEqualTo(Duration.ofSeconds(135));
    assertThat(config.predictive().quantile()).isEqualTo(0.91);
    assertThat(config.queue().arrivals())
        .isEqualTo(new QueueSource.Arrivals("naive", Duration.ofMinutes(1)));
    QueueSource.Arrivals byDefault =
        TargetsConfig.parse(PREDICTIVE_WORKERS.replace("model: naive, step: 1m, ", ""), SYNC)
            .target("workers")
            .queue()
            .arrivals();
    assertThat(byDefault).isEqualTo(new QueueSource.Arrivals("auto", Duration.ofMinutes(1)));
    assertThat(TargetsConfig.parse(WORKERS, SYNC).target("workers").queue().arrivals()).isNull();

    assertThatThrownBy(
            () -> TargetsConfig.parse(PREDICTIVE_WORKERS.replace("naive", "crystal-ball"), SYNC))
        .hasMessageStartingWith("targets[0].predictive.model: model: 'crystal-ball' is not one of");
    assertThatThrownBy(
            () ->
                TargetsConfig.parse(
                    PREDICTIVE_WORKERS.replace("step: 1m", "trustWindow: 1h"), SYNC))
        .hasMessageStartingWith("targets[0].predictive.trustWindow: unknown field");
    assertThatThrownBy(
            () ->
                TargetsConfig.parse(
                    PREDICTIVE_WORKERS.replace("policy: predictive", "policy: hpa"), SYNC))
        .hasMessage(
            "targets[0].predictive: set while policy is hpa; remove it or set policy: predictive");
  }

  /**
   * A backlog growing because arrivals outrun the consumers: once the arrivals model is trusted the
   * predictive target asks for more consumers than the reactive one at the same reading, and
   * reaches the partition cap first; before, the two decide alike.
   */
  @Test
  void predictive_onAGrowingBacklog_scalesEarlierThanReactive() {
    LiveTarget predictive = target(PREDICTIVE_WORKERS);
    LiveTarget reactive =
        target(
            PREDICTIVE_WORKERS
                .replace("policy: predictive", "policy: hpa")
                .replace(
                    "predictive: {replicaCapacity: 20, model: naive, step: 1m, startup: 2m}", ""));
    TargetView p = TargetView.EMPTY;
    TargetView r = TargetView.EMPTY;
    int partitions = 32;
    long firstCapP = -1;
    long firstCapR = -1;
    int raised = 0;
    for (int i = 0; i <= 100; i++) {
      long t = T0 + i * 15_000L;
      // 1200 arrive a minute, 1000 are consumed: the backlog grows 200 a minute
      long produced = 300L * i;
      long consumed = 250L * i;
      List<PartitionOffsets> offsets = new ArrayList<>();
      for (int k = 0; k < partitions; k++) {
        offsets.add(
            PartitionOffsets.committed(
                k, 1000 + produced / partitions, 1000 + consumed / partitions));
      }
      LagReading reading = LagReading.of(t, offsets);
      LiveTarget.QueueDecided dp = predictive.decideQueue(p, reading);
      LiveTarget.QueueDecided dr = reactive.decideQueue(r, reading);
      p = dp.view();
      r = dr.view();
      if (dp.decision().forecast() == null) {
        assertThat(dp.decision().to()).as("reading %d, untrusted", i).isEqualTo(dr.decision().to());
      } else {
        assertThat(dp.decision().to()).isGreaterThanOrEqualTo(dr.decision().to());
        raised += dp.decision().to() > dr.decision().to() ? 1 : 0;
        assertThat(dp.decision().reason()).startsWith("forecast q0.91 over 135 s: backlog ");
      }
      firstCapP = firstCapP < 0 && dp.decision().to() == partitions ? t : firstCapP;
      firstCapR = firstCapR < 0 && dr.decision().to() == partitions ? t : firstCapR;
    }
    assertThat(raised).isPositive();
    assertThat(firstCapP).isPositive();
    assertThat(firstCapR).as("the reactive rule reaches the cap too, later").isPositive();
    assertThat(firstCapP).isLessThan(firstCapR);
  }

  /**
   * KEDA's {@code advanced.horizontalPodAutoscalerConfig.behavior}: the HPA KEDA generates scales
   * by its policies, here one pod a minute up, where the default allows four pods (or 100 %) per 15
   * s.
   */
  @Test
  void queueBehavior_limitsTheHpaKedaGenerates() {
    String limited =
        """
        targets:
          - name: workers
            queue:
              group: workers
              topic: jobs
              lagThreshold: 100
              minReplicaCount: 1
              behavior:
                scaleUp:
                  policies: [{type: Pods, value: 1, periodSeconds: 60}]
        """;
    LiveTarget slow = target(limited);
    LiveTarget quick = target(limited.replaceAll("(?s)\\s*behavior:.*", "\n"));
    assertThat(slow.config().spec().behavior().scaleUp().policies()).hasSize(1);
    LiveTarget.QueueDecided s = slow.decideQueue(TargetView.EMPTY, reading(T0, 900, 900, 900));
    LiveTarget.QueueDecided q = quick.decideQueue(TargetView.EMPTY, reading(T0, 900, 900, 900));
    assertThat(q.decision().to()).as("default: max(4 pods, 100 %%) from 1").isEqualTo(3);
    assertThat(s.decision().to()).as("one pod per 60 s").isEqualTo(2);
    LiveTarget.QueueDecided later = slow.decideQueue(s.view(), reading(T0 + 15_000, 900, 900, 900));
    assertThat(later.decision().to()).as("the minute is not over").isEqualTo(2);
    assertThat(later.decision().reason()).contains("HPA:");

    assertThatThrownBy(
            () ->
                TargetsConfig.parse(limited.replace("periodSeconds: 60", "periodSeconds: 0"), SYNC))
        .hasMessageStartingWith("targets[0].queue.behavior.scaleUp.policies[0].periodSeconds:");
  }
}
