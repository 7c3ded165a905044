package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.clickhouse.Rows;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.alerts.AlertApp;
import io.headroom.streams.alerts.AlertSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert path end to end on the real stack: percentile windows on the broker → the alert rules
 * in Kafka Streams → the alerts topic → the ClickHouse loader → the alerts table → {@code
 * alerts_active} → the report's "Alerts firing" table.
 */
@ExtendWith(LocalStackExtension.class)
class AlertsPipelineIT {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void windowsOnTheBroker_becomeAlertRowsInClickHouse_andTheReportListsOnlyThoseStillFiring(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    String windowsTopic = "it.pipeline.windows";
    String alertsTopic = "it.pipeline.alerts";
    TopicSetup.ensure(
        stack.bootstrapServers(),
        Map.of(windowsTopic, 1, alertsTopic, 1, windowsTopic + ".dlq", 1),
        (short) 1);
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int minute = 0; minute < 12; minute++) {
        // CPU 95 % throughout: critical after 5 minutes, still firing. Errors 2 % for 3 minutes,
        // then 0.1 %:
        // warning at 10:01, resolved after 5 minutes below 0.5 %, at 10:08.
        send(producer, codec, windowsTopic, window("payments", "cpu_percent", minute, 95));
        send(
            producer,
            codec,
            windowsTopic,
            window("payments", "error_rate", minute, minute < 3 ? 0.02 : 0.001));
      }
    }

    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_alerts_pipeline");
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", stack.bootstrapServers());
    properties.setProperty("application.id", "it-alerts-pipeline");
    properties.setProperty("state.dir", Files.createDirectories(dir.resolve("state")).toString());
    properties.setProperty("commit.interval.ms", "200");
    properties.setProperty(AlertSettings.INPUT_TOPIC, windowsTopic);
    properties.setProperty(AlertSettings.OUTPUT_TOPIC, alertsTopic);
    LoaderSettings loaderSettings =
        new LoaderSettings(
            stack.bootstrapServers(),
            "it-alerts-pipeline-loader",
            clickhouse,
            100,
            Duration.ofMillis(300));
    try (KafkaStreams alerts = AlertApp.start(AlertSettings.fromProperties(properties));
        ClickHouseLoader loader =
            ClickHouseLoader.start(
                loaderSettings,
                Map.of(windowsTopic, Rows.PERCENTILE_WINDOWS, alertsTopic, Rows.ALERTS))) {
      assertThat(
              ClickHouseLoader.await(
                  () ->
                      loader.recordsLoaded("alerts") == 3
                          && loader.recordsLoaded("percentile_windows") == 24,
                  Duration.ofSeconds(60)))
          .as("alerts loaded: %s", loader.recordsLoaded("alerts"))
          .isTrue();
      assertAlertsMetricsCountTheWindows(alerts, 24);
    }

    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      List<Map<String, Object>> rows =
          QueryCatalogue.run(
              connection,
              "SELECT rule, severity, state,"
                  + " toUnixTimestamp(changed_at) AS t FROM it_alerts_pipeline.alerts FINAL ORDER BY t, rule");
      assertThat(rows)
          .extracting(
              r ->
                  r.get("rule")
                      + " "
                      + r.get("severity")
                      + " "
                      + r.get("state")
                      + " "
                      + Instant.ofEpochSecond(((Number) r.get("t")).longValue()))
          .containsExactly(
              "error-rate-high warning firing " + T0.plus(Duration.ofMinutes(1)),
              "cpu-high critical firing " + T0.plus(Duration.ofMinutes(5)),
              "error-rate-high warning resolved " + T0.plus(Duration.ofMinutes(8)));
    }

    Path page = dir.resolve("payments.html");
    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "report",
            "--service",
            "payments",
            "--out",
            page.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            "it_alerts_pipeline");
    assertThat(run.exit()).isZero();
    // No requests windows at all: the page says so, and there is no plan.
    assertThat(run.out())
        .startsWith("no capacity plan in the report: service 'payments': no load history");
    String html = Files.readString(page);
    assertThat(html)
        .contains("<td>cpu-high</td><td class=\"sev-critical\">critical</td><td>immediate</td>")
        .doesNotContain("<td>error-rate-high</td>")
        .contains("no requests windows");
  }

  private static PercentileWindow window(String service, String metric, int minute, double value) {
    Instant start = T0.plus(Duration.ofMinutes(minute));
    return PercentileWindow.newBuilder()
        .setService(service)
        .setMetric(metric)
        .setKind(MetricKind.GAUGE)
        .setWindowStart(start)
        .setWindowEnd(start.plus(Duration.ofMinutes(1)))
        .setCount(4)
        .setSum(4 * value)
        .setRate(4 / 60.0)
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

  private static void send(
      KafkaProducer<String, byte[]> producer,
      AvroCodec<PercentileWindow> codec,
      String topic,
      PercentileWindow window)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic,
                null,
                window.getWindowEnd().toEpochMilli(),
                window.getService(),
                codec.encode(window)))
        .get();
  }

  /** {@code alerts --metrics-port}: the app's figures, scraped, count the windows it processed. */
  private static void assertAlertsMetricsCountTheWindows(KafkaStreams alerts, int windows)
      throws Exception {
    MetricsPortOption option = new MetricsPortOption();
    option.port = 0;
    try (MetricsEndpoint metrics =
        StreamsAppMetrics.serveOrStop(
            option, "headroom_alerts", alerts, new PrintWriter(new StringWriter()))) {
      String series = "headroom_alerts_records_processed_total";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String body = MetricsScrape.scrape(metrics.port());
      while (MetricsScrape.value(body, series).orElse(0) < windows
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
        body = MetricsScrape.scrape(metrics.port());
      }
      assertThat(MetricsScrape.value(body, series).orElse(0)).isGreaterThanOrEqualTo(windows);
      assertThat(MetricsScrape.value(body, "headroom_alerts_state{state=\"RUNNING\"}")).hasValue(1);
    }
  }
}
