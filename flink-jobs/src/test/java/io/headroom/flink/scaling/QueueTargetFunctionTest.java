package io.headroom.flink.scaling;

import static io.headroom.flink.Fixtures.gauge;
import static io.headroom.flink.Fixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.schemas.ScalingCommand;
import io.headroom.schemas.ScalingCommandMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A queue target on the scaling operator's harness: decided from its lag readings. */
class QueueTargetFunctionTest {
  static final String TARGETS =
      """
      targets:
        - name: workers
          queue: {group: workers, topic: jobs, lagThreshold: 100}
        - name: orphans
          queue: {group: nobody, topic: jobs}
      """;

  static LagReading behind(long time, long perPartition, int partitions) {
    List<PartitionOffsets> offsets = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      offsets.add(PartitionOffsets.committed(p, 5000, 5000 - perPartition));
    }
    return LagReading.of(time, offsets);
  }

  @Test
  void aQueueTarget_decidesFromItsLag_scaleUpCappedAtThePartitions_andSkipsWithTheReason()
      throws Exception {
    try (var h = ScalingFunctionTest.harness(TARGETS)) {
      ScalingFunctionTest.open(h);
      long t0 = minute(0).toEpochMilli();
      h.processElement(ScalingInput.of("workers", behind(t0, 1000, 4)), t0);
      h.processElement(ScalingInput.of("workers", behind(t0 + 15_000, 1000, 4)), t0 + 15_000);
      h.processElement(
          ScalingInput.of(
              "orphans",
              LagReading.failed(t0 + 15_000, "consumer group 'nobody' does not exist on b:9092")),
          t0 + 15_000);
      // the replicas gauge of the workers now says 3 run: the next decision starts from it
      h.processElement(
          ScalingInput.of(gauge("workers", "replicas", 0, 3)), minute(1).toEpochMilli());
      h.processElement(ScalingInput.of("workers", behind(t0 + 30_000, 2000, 4)), t0 + 30_000);
      // a reading for a target that is not in the file is ignored
      h.processElement(ScalingInput.of("unknown", behind(t0, 1, 1)), t0);

      List<ScalingCommand> commands = ScalingFunctionTest.commands(h);
      assertThat(commands).hasSize(4);
      ScalingCommand wake = commands.get(0);
      assertThat(wake.getTarget()).isEqualTo("workers");
      assertThat(wake.getPolicy()).isEqualTo("queue");
      assertThat(wake.getLimit()).isEqualTo("SCALE_FROM_ZERO");
      assertThat(wake.getFromReplicas()).isZero();
      assertThat(wake.getToReplicas()).isEqualTo(1);
      ScalingCommand up = commands.get(1);
      assertThat(up.getFromReplicas()).isEqualTo(1);
      assertThat(up.getToReplicas()).isEqualTo(4);
      assertThat(up.getDrivingMetric()).isEqualTo("s0-kafka-lag");
      assertThat(up.getMetricValue()).isEqualTo(400.0);
      assertThat(up.getMetricTarget()).isEqualTo(100.0);
      assertThat(up.getReason())
          .startsWith(
              "lag 4000 on 4 partitions (4 with lag), capped at 4 partitions × 100 per replica"
                  + " = 400");
      ScalingCommand skipped = commands.get(2);
      assertThat(skipped.getTarget()).isEqualTo("orphans");
      assertThat(skipped.getLimit()).isEqualTo(ScalingCommandMapper.SKIPPED);
      assertThat(skipped.getFromReplicas()).isEqualTo(skipped.getToReplicas());
      assertThat(skipped.getReason())
          .startsWith("skipped: consumer group 'nobody' does not exist on b:9092");
      ScalingCommand gauged = commands.get(3);
      assertThat(gauged.getFromReplicas()).isEqualTo(3);
      assertThat(gauged.getToReplicas()).isEqualTo(4);
      assertThat(gauged.getCommandId()).isEqualTo("workers|" + (t0 + 30_000));
    }
  }

  /** Format-1 state (before queue targets) is still read: the last active time is never. */
  @Test
  void targetStateFormat1_isStillRead() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(1); // one recommendation
      out.writeLong(1000);
      out.writeInt(3);
      out.writeInt(0); // scale-ups
      out.writeInt(0); // scale-downs
      out.writeInt(0); // latest
      out.writeInt(0); // pending
      out.writeInt(0); // forecasts
      out.writeDouble(0.25);
      out.writeInt(3);
      out.writeLong(15_000);
      out.writeLong(60_000);
    }
    var codec = new TargetState.Codec();
    TargetState state = codec.decode(bytes.toByteArray());
    assertThat(state.view().lastTo()).isEqualTo(3);
    assertThat(state.view().overForecastShare()).isEqualTo(0.25);
    assertThat(state.view().history().recommendations()).hasSize(1);
    assertThat(state.view().lastActive()).isEqualTo(io.headroom.core.target.TargetView.NEVER);
    assertThat(state.nextDecision()).isEqualTo(15_000);
    assertThat(state.lastWindowEnd()).isEqualTo(60_000);
    TargetState again = codec.decode(codec.encode(state));
    assertThat(again.view().lastActive()).isEqualTo(io.headroom.core.target.TargetView.NEVER);
    assertThat(again.view().lastTo()).isEqualTo(3);
  }

  @Test
  void theLagReading_survivesItsCodec() {
    var codec = new ScalingInput.Codec();
    ScalingInput in = ScalingInput.of("workers", behind(42, 7, 3));
    assertThat(codec.decode(codec.encode(in))).isEqualTo(in);
    ScalingInput failed = ScalingInput.of("w", LagReading.failed(1, "topic 't' does not exist"));
    assertThat(codec.decode(codec.encode(failed))).isEqualTo(failed);
  }
}
