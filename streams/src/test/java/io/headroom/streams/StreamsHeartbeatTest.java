package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StreamsHeartbeatTest {
  @Test
  void eachLine_sumsTheThreadsProcessedRecords_andCountsThoseSinceTheLastLine() {
    try (Metrics metrics = new Metrics()) {
      MetricName first =
          metrics.metricName(
              "process-total", "stream-thread-metrics", "", Map.of("thread-id", "1"));
      MetricName second =
          metrics.metricName(
              "process-total", "stream-thread-metrics", "", Map.of("thread-id", "2"));
      MetricName other = metrics.metricName("process-total", "stream-task-metrics", "", Map.of());
      var s1 = metrics.sensor("s1");
      s1.add(first, new CumulativeSum());
      var s2 = metrics.sensor("s2");
      s2.add(second, new CumulativeSum());
      var s3 = metrics.sensor("s3");
      s3.add(other, new CumulativeSum());
      s1.record(1000);
      s2.record(500);
      s3.record(99);
      StreamsHeartbeat heartbeat = new StreamsHeartbeat("percentiles");
      Map<MetricName, KafkaMetric> all = metrics.metrics();

      assertThat(heartbeat.line(KafkaStreams.State.RUNNING, all))
          .isEqualTo("percentiles: RUNNING, 1,500 records processed (+1,500 since the last line)");
      s2.record(250);
      assertThat(heartbeat.line(KafkaStreams.State.REBALANCING, metrics.metrics()))
          .isEqualTo(
              "percentiles: REBALANCING, 1,750 records processed (+250 since the last line)");
    }
  }

  @Test
  void thePercentileAppsLine_addsTheWindowsItEmitted_andTheRecordsItDeadLettered() {
    try (Metrics metrics = new Metrics()) {
      String group = "stream-" + PercentileProcessor.METRICS_SCOPE + "-metrics";
      var processed = metrics.sensor("p");
      processed.add(
          metrics.metricName("process-total", "stream-thread-metrics", "", Map.of()),
          new CumulativeSum());
      var emitted = metrics.sensor("w");
      emitted.add(
          metrics.metricName(
              PercentileProcessor.WINDOWS_EMITTED + "-total", group, "", Map.of("task", "0_0")),
          new CumulativeSum());
      var emitted2 = metrics.sensor("w2");
      emitted2.add(
          metrics.metricName(
              PercentileProcessor.WINDOWS_EMITTED + "-total", group, "", Map.of("task", "0_1")),
          new CumulativeSum());
      var dead = metrics.sensor("d");
      dead.add(
          metrics.metricName(PercentileProcessor.DEAD_LETTERED + "-total", group, "", Map.of()),
          new CumulativeSum());
      processed.record(1200);
      emitted.record(7);
      emitted2.record(5);
      dead.record(3);

      assertThat(
              new StreamsHeartbeat("percentiles")
                  .line(KafkaStreams.State.RUNNING, metrics.metrics()))
          .isEqualTo(
              "percentiles: RUNNING, 1,200 records processed (+1,200 since the last line), 12 windows"
                  + " emitted, 3 records dead-lettered");
    }
  }
}
