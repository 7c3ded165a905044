package io.headroom.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.schemas.Alert;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.Topics;
import io.headroom.streams.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class InvalidWindowsTest {
  @Test
  void
      aWindowWithNaNNumbers_goesToTheDeadLetterTopic_withReasonSourceAndConsumer_andNeverReachesTheRules() {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", "unused:9092");
    properties.setProperty(AlertSettings.STORE, "in-memory");
    AlertSettings settings = AlertSettings.fromProperties(properties);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(AlertTopology.build(settings), settings.streamsConfig())) {
      TestInputTopic<String, PercentileWindow> windows =
          driver.createInputTopic(
              Topics.METRICS_WINDOWS,
              new StringSerializer(),
              AvroSerdes.of(PercentileWindow.class).serializer());
      TestOutputTopic<String, Alert> alerts =
          driver.createOutputTopic(
              Topics.ALERTS, new StringDeserializer(), AvroSerdes.of(Alert.class).deserializer());
      TestOutputTopic<String, PercentileWindow> deadLetters =
          driver.createOutputTopic(
              Topics.deadLetterTopic(Topics.METRICS_WINDOWS),
              new StringDeserializer(),
              AvroSerdes.of(PercentileWindow.class).deserializer());

      for (int minute = 0; minute < 6; minute++) {
        PercentileWindow hot =
            AlertTopologyTest.window("checkout", "cpu_percent", minute, Duration.ofMinutes(1), 75);
        if (minute == 0) {
          hot.setMean(Double.NaN);
        }
        windows.pipeInput(hot.getService(), hot, hot.getWindowEnd());
      }
      PercentileWindow broken =
          AlertTopologyTest.window("search", "latency_ms", 0, Duration.ofHours(1), 20);
      broken.setP95(
          Double.NaN); // an hourly window of a metric no rule reads: rejected all the same
      windows.pipeInput(broken.getService(), broken, broken.getWindowEnd());

      List<TestRecord<String, PercentileWindow>> rejected = deadLetters.readRecordsToList();
      assertThat(rejected).hasSize(2);
      assertThat(header(rejected.get(0), Topics.DLQ_REASON_HEADER))
          .isEqualTo("mean: NaN is not a finite number");
      assertThat(header(rejected.get(1), Topics.DLQ_REASON_HEADER))
          .isEqualTo("p95: NaN is not a finite number");
      assertThat(header(rejected.get(0), Topics.DLQ_SOURCE_HEADER))
          .isEqualTo(Topics.METRICS_WINDOWS + "-0@0");
      assertThat(header(rejected.get(0), Topics.DLQ_CONSUMER_HEADER)).isEqualTo("alerts");
      assertThat(rejected).extracting(TestRecord::key).containsExactly("checkout", "search");
      // The valid minutes 1-5 above 70 % fire cpu-high at the end of minute 5, as if minute 0 had
      // not been there.
      assertThat(alerts.readValuesToList())
          .extracting(Alert::getRule, Alert::getState, Alert::getChangedAt)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "cpu-high", "firing", AlertTopologyTest.T0.plus(Duration.ofMinutes(6))));
    }
  }

  private static String header(TestRecord<String, PercentileWindow> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
