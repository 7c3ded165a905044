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
}
