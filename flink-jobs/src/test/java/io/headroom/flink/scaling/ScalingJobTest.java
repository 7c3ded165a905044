package io.headroom.flink.scaling;

import static io.headroom.flink.Fixtures.gauge;
import static io.headroom.flink.Fixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scaling graph on a MiniCluster at parallelism 2: two targets decided independently, every 15
 * s of event time.
 */
class ScalingJobTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final String TWO_TARGETS =
      ScalingFunctionTest.CPU_50
          + """
        - name: search
          spec:
            minReplicas: 2
            maxReplicas: 4
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  @Test
  void twoTargets_atParallelismTwo_areDecidedEverySyncPeriod_andAStoppedTargetDoesNotStopTheOther()
      throws Exception {
    List<PercentileWindow> windows = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      windows.add(gauge("checkout", "replicas", n, 2));
      windows.add(gauge("checkout", "cpu_percent", n, 100));
      if (n < 2) { // search's metrics stop after two minutes
        windows.add(gauge("search", "replicas", n, 2));
        windows.add(gauge("search", "cpu_percent", n, 100));
      }
    }
    ScalingSettings settings =
        ScalingSettings.defaults(
                io.headroom.flink.kafka.KafkaSettings.of("localhost:9092"), null, TWO_TARGETS)
            .withTiming(
                java.time.Duration.ofSeconds(15),
                java.time.Duration.ofMinutes(2),
                java.time.Duration.ofMinutes(3));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataStream<PercentileWindow> source =
        env.fromData(windows, AvroBytesCodec.typeInfo(PercentileWindow.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<PercentileWindow>forMonotonousTimestamps()
                    .withTimestampAssigner((w, ts) -> w.getWindowEnd().toEpochMilli()));
    DataStream<LoadForecast> noForecasts = null;

    List<ScalingCommand> out = new ArrayList<>();
    try (CloseableIterator<ScalingCommand> results =
        ScalingJob.build(source, noForecasts, null, settings).executeAndCollect()) {
      results.forEachRemaining(out::add);
    }

    Map<String, List<Instant>> times =
        out.stream()
            .collect(
                Collectors.groupingBy(
                    ScalingCommand::getTarget,
                    Collectors.mapping(ScalingCommand::getDecidedAt, Collectors.toList())));
    // checkout: windows end 10:01..10:10, decisions from 10:01 every 15 s until 3 min after the
    // last window (10:13).
    assertThat(times.get("checkout")).hasSize(12 * 4 + 1).doesNotHaveDuplicates();
    assertThat(times.get("checkout")).contains(minute(1), minute(13));
    // search: last window ends 10:02, decided until 10:05.
    assertThat(times.get("search"))
        .hasSize(4 * 4 + 1)
        .contains(minute(5))
        .doesNotContain(minute(5).plusSeconds(15));
    ScalingCommand searchLate =
        out.stream()
            .filter(
                c ->
                    c.getTarget().equals("search")
                        && c.getDecidedAt().equals(minute(4).plusSeconds(15)))
            .findFirst()
            .orElseThrow();
    assertThat(searchLate.getLimit()).isEqualTo("MISSING_METRICS");
    ScalingCommand checkoutFirst =
        out.stream()
            .filter(c -> c.getTarget().equals("checkout") && c.getDecidedAt().equals(minute(1)))
            .findFirst()
            .orElseThrow();
    assertThat(checkoutFirst.getToReplicas()).isEqualTo(4);
  }
}
