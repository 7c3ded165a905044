package io.headroom.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.alerts.AlertStateCodec;
import io.headroom.schemas.Alert;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.Topics;
import io.headroom.streams.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private TopologyTestDriver driver;
  private TestInputTopic<String, PercentileWindow> windows;
  private TestOutputTopic<String, Alert> alerts;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void
      cpuWindows_fireAfterFiveMinutesAbove70_andResolveAfterFiveMinutesBelow60_asTwoAlertRecords() {
    start(new Properties());
    double[] cpu = {50, 75, 75, 75, 75, 75, 65, 55, 55, 55, 55, 55, 55};
    for (int i = 0; i < cpu.length; i++) {
      pipe(window("checkout", "cpu_percent", i, MINUTE, cpu[i]));
      pipe(
          window(
              "checkout",
              "cpu_percent",
              i,
              Duration.ofHours(1),
              99)); // hourly roll-ups are not evaluated
    }

    List<TestRecord<String, Alert>> out = alerts.readRecordsToList();
    assertThat(out).hasSize(2);
    Alert firing = out.get(0).value();
    assertThat(out.get(0).key()).isEqualTo("checkout");
    assertThat(out.get(0).timestamp()).isEqualTo(T0.plus(MINUTE.multipliedBy(6)).toEpochMilli());
    assertThat(firing.getRule()).isEqualTo("cpu-high");
    assertThat(firing.getState()).isEqualTo("firing");
    assertThat(firing.getSeverity()).isEqualTo("warning");
    assertThat(firing.getPriority()).isEqualTo("urgent");
    assertThat(firing.getValue()).isEqualTo(75);
    assertThat(firing.getThreshold()).isEqualTo(70);
    assertThat(firing.getChangedAt()).isEqualTo(T0.plus(MINUTE.multipliedBy(6)));
    assertThat(firing.getAlertId())
        .isEqualTo(
            "cpu-high|checkout|firing|warning|" + T0.plus(MINUTE.multipliedBy(6)).toEpochMilli());
    assertThat(firing.getRecommendation()).startsWith("CPU is the bottleneck.");
    Alert resolved = out.get(1).value();
    assertThat(resolved.getState()).isEqualTo("resolved");
    assertThat(resolved.getThreshold()).isEqualTo(60);
    assertThat(resolved.getChangedAt()).isEqualTo(T0.plus(MINUTE.multipliedBy(12)));
  }

  @Test
  void eachServiceKeepsItsOwnState_inTheStore() {
    start(new Properties());
    for (int i = 0; i < 5; i++) {
      pipe(window("checkout", "cpu_percent", i, MINUTE, 80));
      pipe(
          window(
              "search",
              "cpu_percent",
              i,
              MINUTE,
              i == 2 ? 40 : 80)); // search dips once: its run restarts
    }
    assertThat(alerts.readValuesToList()).extracting(Alert::getService).containsExactly("checkout");
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(AlertTopology.STATE_STORE);
    assertThat(AlertStateCodec.decode(store.get("checkout")).rule("cpu-high").isFiring()).isTrue();
    assertThat(AlertStateCodec.decode(store.get("search")).rule("cpu-high").warningSince())
        .isEqualTo(T0.plus(MINUTE.multipliedBy(3)));
  }

  @Test
  void queueDepthPerPod_pairsTheQueueAndReplicaWindowsOfTheSameMinute() {
    start(new Properties());
    pipe(window("worker", "queue_depth", 0, MINUTE, 900));
    pipe(window("worker", "replicas", 0, MINUTE, 6)); // 150 per pod
    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule()).isEqualTo("queue-depth-per-pod");
              assertThat(a.getValue()).isEqualTo(150);
            });
  }

  @Test
  void rulesFromAFile_replaceTheDefaults(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        """
        window: 1m
        rules:
          - name: slow
            metric: latency_ms
            statistic: p99
            warning: {above: 200, priority: planned}
            clear: {below: 100, for: 2m}
            recommendation: look at the slow path
        """);
    Properties properties = new Properties();
    properties.setProperty(AlertSettings.RULES, rules.toString());
    start(properties);
    pipe(window("checkout", "cpu_percent", 0, MINUTE, 99)); // no cpu rule in this file
    pipe(window("checkout", "latency_ms", 0, MINUTE, 250));
    assertThat(alerts.readValuesToList())
        .extracting(Alert::getRule, Alert::getPriority)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("slow", "planned"));
  }

  @Test
  void aBadRulesFile_failsAtStartUp_namingTheFileAndTheField(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n  - name: x\n    metric: cpu_percent\n    warning: {above: lots}\n    recommendation: r\n");
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", "unused:9092");
    properties.setProperty(AlertSettings.RULES, rules.toString());
    assertThatThrownBy(() -> AlertSettings.fromProperties(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(rules + ": rules[0].warning.above: 'lots' is not a number");
    properties.setProperty(AlertSettings.RULES, dir.resolve("missing.yaml").toString());
    assertThatThrownBy(() -> AlertSettings.fromProperties(properties))
        .hasMessageStartingWith(
            "headroom.alerts.rules: cannot read "
                + dir.resolve("missing.yaml")
                + " (NoSuchFileException");
  }

  private void start(Properties extra) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", "unused:9092");
    properties.setProperty(AlertSettings.STORE, "in-memory");
    properties.putAll(extra);
    AlertSettings settings = AlertSettings.fromProperties(properties);
    driver = new TopologyTestDriver(AlertTopology.build(settings), settings.streamsConfig());
    windows =
        driver.createInputTopic(
            Topics.METRICS_WINDOWS,
            new StringSerializer(),
            AvroSerdes.of(PercentileWindow.class).serializer());
    alerts =
        driver.createOutputTopic(
            Topics.ALERTS, new StringDeserializer(), AvroSerdes.of(Alert.class).deserializer());
  }

  private void pipe(PercentileWindow window) {
    windows.pipeInput(window.getService(), window, window.getWindowEnd());
  }

  /** A window whose every statistic is {@code value}. */
  static PercentileWindow window(
      String service, String metric, int minute, Duration length, double value) {
    Instant start = T0.plus(MINUTE.multipliedBy(minute));
    return PercentileWindow.newBuilder()
        .setService(service)
        .setMetric(metric)
        .setKind(MetricKind.GAUGE)
        .setWindowStart(start)
        .setWindowEnd(start.plus(length))
        .setCount(4)
        .setSum(4 * value)
        .setRate(4.0 / length.toSeconds())
        .setMin(value)
        .setMax(value)
        .setMean(value)
        .setP50(value)
        .setP90(value)
        .setP95(value)
        .setP99(value)
        .setRelativeAccuracy(0.01)
        .setSketch(ByteBuffer.allocate(0))
        .build();
  }
}
