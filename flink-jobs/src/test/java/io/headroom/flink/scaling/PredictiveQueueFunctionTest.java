package io.headroom.flink.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.queue.ArrivalSteps;
import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.core.queue.PersistentLag;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.queue.QueueMemory;
import io.headroom.core.queue.QueuePrediction;
import io.headroom.core.queue.QueueScaler;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.target.LiveTarget;
import io.headroom.core.target.TargetConfig;
import io.headroom.core.target.TargetView;
import io.headroom.core.target.TargetsConfig;
import io.headroom.schemas.ScalingCommand;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * A predictive queue target on the scaling operator's harness: its arrivals model is fed from the
 * log-end offsets of its lag readings and kept in the target's state.
 */
class PredictiveQueueFunctionTest {
  static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
  static final int PARTITIONS = 32;

  /** The same group read twice: once predictive, once by KEDA's reactive rule. */
  static final String TARGETS =
      """
      targets:
        - name: predictive
          policy: predictive
          replicas: commanded
          predictive: {replicaCapacity: 20, model: naive, step: 1m, startup: 2m}
          queue: {group: workers, topic: jobs, lagThreshold: 100}
        - name: reactive
          replicas: commanded
          queue: {group: workers, topic: jobs, lagThreshold: 100}
      """;

  /** 1200 items arrive a minute and 1000 are consumed: the backlog grows 200 a minute. */
  static LagReading reading(int i) {
    long produced = 300L * i;
    long consumed = 250L * i;
    List<PartitionOffsets> offsets = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      offsets.add(
          PartitionOffsets.committed(
              p, 1000 + produced / PARTITIONS, 1000 + consumed / PARTITIONS));
    }
    return LagReading.of(T0 + i * 15_000L, offsets);
  }

  static void feed(
      org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<
              String, ScalingInput, TargetsFile, ScalingCommand>
          h,
      int from,
      int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      LagReading reading = reading(i);
      h.processElement(ScalingInput.of("predictive", reading), reading.time());
      h.processElement(ScalingInput.of("reactive", reading), reading.time());
    }
  }

  static List<ScalingCommand> of(List<ScalingCommand> commands, String target) {
    return commands.stream().filter(c -> c.getTarget().equals(target)).toList();
  }

  static long firstAt(List<ScalingCommand> commands, int replicas) {
    return commands.stream()
        .filter(c -> c.getToReplicas() == replicas)
        .mapToLong(c -> c.getDecidedAt().toEpochMilli())
        .findFirst()
        .orElse(-1);
  }

  @Test
  void onAGrowingBacklog_thePredictiveTargetReachesThePartitionCapFirst_acrossARestore()
      throws Exception {
    int readings = 100;
    int restoreAt = 50;
    List<ScalingCommand> uninterrupted;
    try (var h = ScalingFunctionTest.harness(TARGETS)) {
      ScalingFunctionTest.open(h);
      feed(h, 0, readings);
      uninterrupted = ScalingFunctionTest.commands(h);
    }
    List<ScalingCommand> commands = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = ScalingFunctionTest.harness(TARGETS)) {
      ScalingFunctionTest.open(h);
      feed(h, 0, restoreAt);
      commands.addAll(ScalingFunctionTest.commands(h));
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = ScalingFunctionTest.harness(TARGETS)) {
      h.initializeState(snapshot);
      ScalingFunctionTest.open(h);
      feed(h, restoreAt, readings);
      commands.addAll(ScalingFunctionTest.commands(h));
    }
    // the arrivals model, the HPA history and the last command came back with the state
    assertThat(commands).isEqualTo(uninterrupted);

    List<ScalingCommand> predictive = of(commands, "predictive");
    List<ScalingCommand> reactive = of(commands, "reactive");
    assertThat(predictive).hasSize(readings);
    assertThat(reactive).hasSize(readings);
    long raised = predictive.stream().filter(ScalingCommand::getForecastUsed).count();
    assertThat(raised).isPositive();
    for (int i = 0; i < readings; i++) {
      ScalingCommand p = predictive.get(i);
      ScalingCommand r = reactive.get(i);
      assertThat(p.getToReplicas()).as("reading %d", i).isGreaterThanOrEqualTo(r.getToReplicas());
      if (p.getForecastUsed()) {
        assertThat(p.getReason()).startsWith("forecast q0.91 over 135 s: backlog ");
        long measured =
            reading(i).offsets().stream()
                .mapToLong(o -> o.logEndOffset() - o.committedOffset())
                .sum();
        assertThat(p.getForecastValue()).as("the expected lag").isGreaterThan(measured);
      } else if (!p.getReason().startsWith("forecast")) {
        assertThat(p.getToReplicas())
            .as("no forecast yet: KEDA's own")
            .isEqualTo(r.getToReplicas());
      }
    }
    long predictiveCap = firstAt(predictive, PARTITIONS);
    long reactiveCap = firstAt(reactive, PARTITIONS);
    System.out.printf(
        "partition cap (%d) reached after %d s predictive, %d s reactive%n",
        PARTITIONS, (predictiveCap - T0) / 1000, (reactiveCap - T0) / 1000);
    assertThat(reactiveCap).isPositive();
    assertThat(predictiveCap).isPositive().isLessThan(reactiveCap);
  }

  /**
   * One rule: the job's decision is the one {@link QueuePrediction#decide} makes from the same
   * measured lag, forecast, replicas and HPA state, the call the queue backtest makes at each step.
   */
  @Test
  void theJobsDecision_isTheSharedRulesOnTheSameInputs() throws Exception {
    TargetConfig config = TargetsConfig.parse(TARGETS, Duration.ofSeconds(15)).target("predictive");
    LiveTarget live =
        new LiveTarget(
            ScalingEngine.withDefaults(), config, Duration.ofMinutes(1), Duration.ofMinutes(2));
    QueueScaler scaler =
        new QueueScaler(
            ScalingEngine.withDefaults(), config.queue().scaledObject(), config.queue().lag());
    QueuePrediction rule =
        new QueuePrediction(
            config.predictive(),
            config.queue().arrivals().step(),
            config.predictive().replicaCapacity());
    List<ScalingCommand> job;
    try (var h = ScalingFunctionTest.harness(TARGETS)) {
      ScalingFunctionTest.open(h);
      feed(h, 0, 70);
      job = of(ScalingFunctionTest.commands(h), "predictive");
    }
    TargetView view = TargetView.EMPTY;
    int forecasts = 0;
    for (int i = 0; i < 70; i++) {
      LagReading reading = reading(i);
      LiveTarget.QueueDecided decided = live.decideQueue(view, reading);
      QueueMemory memory = decided.view().queue();
      int replicas = view.lastTo() < 0 ? 0 : view.lastTo();
      QueueDecision shared =
          rule.decide(
              scaler,
              new QueueScaler.State(
                  view.history(),
                  view.lastActive() == TargetView.NEVER
                      ? null
                      : Instant.ofEpochMilli(view.lastActive())),
              PersistentLag.measure(reading.offsets(), config.queue().lag(), Map.of()).lag(),
              memory.forecast(),
              0,
              replicas,
              replicas,
              Instant.ofEpochMilli(reading.time()));
      assertThat(decided.decision().to()).as("reading %d", i).isEqualTo(shared.to());
      assertThat(decided.decision().reason()).isEqualTo(shared.reason());
      assertThat(job.get(i).getToReplicas()).isEqualTo(shared.to());
      assertThat(job.get(i).getReason()).isEqualTo(shared.reason());
      forecasts += shared.forecast() != null ? 1 : 0;
      view = decided.view();
    }
    assertThat(forecasts).as("the model became trusted within the run").isPositive();
  }

  @Test
  void theQueueMemory_survivesTheStateCodec_andFormat2_isStillRead() throws Exception {
    var codec = new TargetState.Codec();
    QueueMemory memory =
        new QueueMemory(
            T0,
            Map.of(0, 1200L, 1, 1300L),
            Map.of(0, 900L),
            new ArrivalSteps(60_000, T0, 12.5, 15_000),
            "naive",
            new byte[] {1, 2, 3},
            List.of(new ForecastPoint(Instant.ofEpochMilli(T0), 10, 8, 12)));
    TargetView view =
        new TargetView(
            io.headroom.core.scaling.ScalingHistory.empty(), Map.of(), List.of(), 0, 3, T0, memory);
    TargetState state = TargetState.empty().withView(view);
    assertThat(codec.decode(codec.encode(state)).view().queue()).isEqualTo(memory);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(2);
      out.writeInt(0); // recommendations
      out.writeInt(0); // scale-ups
      out.writeInt(0); // scale-downs
      out.writeInt(0); // latest
      out.writeInt(0); // pending
      out.writeInt(0); // forecasts
      out.writeDouble(0);
      out.writeInt(4);
      out.writeLong(TargetState.NONE);
      out.writeLong(TargetState.NONE);
      out.writeLong(T0);
    }
    TargetState format2 = codec.decode(bytes.toByteArray());
    assertThat(format2.view().lastActive()).isEqualTo(T0);
    assertThat(format2.view().lastTo()).isEqualTo(4);
    assertThat(format2.view().queue()).isEqualTo(QueueMemory.EMPTY);
    assertThat(format2.view().tail()).isEqualTo(io.headroom.core.scaling.TailBudget.INITIAL);
  }
}
