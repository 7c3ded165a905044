package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.gateway.GatewayApp;
import io.headroom.gateway.GatewaySettings;
import io.headroom.gateway.RemoteWriteServer;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.gateway.remotewrite.RemoteWrite;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;
import picocli.CommandLine;

/**
 * {@code --metrics-port} of the long-running commands: each scraped over HTTP after real traffic on
 * the local stack's broker, the figures equal to what the test caused.
 */
@ExtendWith(LocalStackExtension.class)
class CommandMetricsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void lag_servesTheLastReadingsLag_whileItRuns(StackEndpoints stack) throws Exception {
    String topic = "it.metrics.lag";
    String group = "it-metrics-lag";
    // Each reading is also published: to a topic of its own, not the pipeline's metrics.raw (other
    // tests of this JVM's broker replay past event times through it).
    String events = "it.metrics.lag-events";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1, events, 1));
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
      }
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      // committed 2 of 5: a lag of 3 on the one partition
      admin
          .alterConsumerGroupOffsets(
              group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
          .all()
          .get();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine lag = new CommandLine(new LagCommand());
    lag.setOut(new PrintWriter(out, true));
    lag.setErr(new PrintWriter(err, true));
    Thread running =
        new Thread(
            () ->
                lag.execute(
                    "--bootstrap",
                    stack.bootstrapServers(),
                    "--group",
                    group,
                    "--topic",
                    topic,
                    "--every",
                    "1h",
                    "--publish-to",
                    events,
                    "--metrics-port",
                    "0"),
            "lag-command");
    running.start();
    try {
      awaitText(out, "lag 3 on 1 partitions", err);
      int port = portIn(err);
      String body = MetricsScrape.scrape(port);
      String labels = "{group=\"" + group + "\",topic=\"" + topic + "\"}";
      assertThat(MetricsScrape.value(body, "headroom_lag_total" + labels)).hasValue(3);
      assertThat(MetricsScrape.value(body, "headroom_lag_partitions_with_lag" + labels))
          .hasValue(1);
      assertThat(MetricsScrape.value(body, "headroom_lag_active" + labels)).hasValue(1);
    } finally {
      running.interrupt(); // ends the sleep until the next reading; the command closes its server
      running.join(PATIENCE.toMillis());
    }
    assertThat(running.isAlive()).isFalse();
  }

  @Test
  void gateway_countsTheRequestAndTheEventsOfARemoteWrite(StackEndpoints stack) throws Exception {
    String topic = "it.metrics.gateway";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(topic, 1));
    GatewaySettings settings =
        GatewayApp.configure(stack.bootstrapServers(), "127.0.0.1:0", topic, null, null);
    int samples = 3;
    try (RemoteWriteServer gateway = RemoteWriteServer.start(settings, MappingConfig.defaults());
        MetricsEndpoint metrics =
            MetricsEndpoint.serve(0, r -> GatewayMetrics.register(r, gateway.stats()))) {
      RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
      long now = Instant.now().toEpochMilli();
      for (int i = 0; i < samples; i++) {
        request.addTimeseries(
            RemoteWrite.TimeSeries.newBuilder()
                .addLabels(label("__name__", "it_queue_depth_" + i))
                .addLabels(label("service", "checkout"))
                .addSamples(RemoteWrite.Sample.newBuilder().setValue(i).setTimestamp(now)));
      }
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + gateway.port() + RemoteWriteServer.PATH))
                      .header("Content-Encoding", "snappy")
                      .header("Content-Type", "application/x-protobuf")
                      .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              Snappy.compress(request.build().toByteArray())))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);

      String body = MetricsScrape.scrape(metrics.port());
      assertThat(MetricsScrape.value(body, "headroom_gateway_requests_total{outcome=\"ok\"}"))
          .hasValue(1);
      assertThat(MetricsScrape.value(body, "headroom_gateway_requests_total{outcome=\"bad\"}"))
          .hasValue(0);
      assertThat(MetricsScrape.value(body, "headroom_gateway_events_produced_total"))
          .hasValue(samples);
    }
  }

  @Test
  void streams_countsTheRecordsItProcessed_theWindowsItEmitted_andWhatItDeadLettered(
      StackEndpoints stack, @TempDir Path stateDir) throws Exception {
    String in = "it.metrics.raw";
    String out = "it.metrics.windows";
    String dlq = "it.metrics.dlq";
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(in, 1, out, 1, dlq, 1));
    int events = 40;
    Instant start = Instant.now().minusSeconds(300);
    try (MetricsProducer producer =
        new MetricsProducer(new ProducerSettings(stack.bootstrapServers(), in))) {
      for (int i = 0; i < events; i++) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId("m" + i)
                .setService("checkout")
                .setInstance("checkout-0")
                .setMetric("latency_ms")
                .setKind(MetricKind.LATENCY_SAMPLE)
                .setValue(10 + i)
                .setEventTime(start.plusMillis(i * 100L))
                .build());
      }
      // One invalid event (dead-lettered), then one two minutes on: it closes the windows above.
      for (String id : new String[] {"m-nan", "m-clock"}) {
        producer.send(
            MetricEvent.newBuilder()
                .setEventId(id)
                .setService("checkout")
                .setInstance("checkout-0")
                .setMetric("cpu_percent")
                .setKind(MetricKind.GAUGE)
                .setValue(id.equals("m-nan") ? Double.NaN : 50)
                .setEventTime(start.plus(Duration.ofMinutes(id.equals("m-nan") ? 0 : 2)))
                .build());
      }
    }
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", stack.bootstrapServers());
    properties.setProperty("application.id", "it-metrics-percentiles");
    properties.setProperty("commit.interval.ms", "200");
    properties.setProperty("state.dir", stateDir.toString());
    properties.setProperty(StreamsSettings.INPUT_TOPIC, in);
    properties.setProperty(StreamsSettings.OUTPUT_TOPIC, out);
    properties.setProperty(StreamsSettings.DLQ_TOPIC, dlq);
    properties.setProperty(StreamsSettings.WINDOWS, "1m");
    MetricsPortOption option = new MetricsPortOption();
    option.port = 0;
    StringWriter log = new StringWriter();
    try (KafkaStreams streams = PercentileApp.start(StreamsSettings.fromProperties(properties));
        MetricsEndpoint metrics =
            StreamsAppMetrics.serveOrStop(
                option, "headroom_streams", streams, new PrintWriter(log, true))) {
      assertThat(log.toString()).contains("metrics on http://0.0.0.0:" + metrics.port());
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      String body = MetricsScrape.scrape(metrics.port());
      while ((MetricsScrape.value(body, "headroom_streams_records_processed_total").orElse(0)
                  < events + 2
              || MetricsScrape.value(body, "headroom_streams_windows_emitted_total").orElse(0) < 1)
          && System.nanoTime() < deadline) {
        Thread.sleep(250);
        body = MetricsScrape.scrape(metrics.port());
      }
      OptionalDouble processed =
          MetricsScrape.value(body, "headroom_streams_records_processed_total");
      assertThat(processed).isPresent();
      assertThat(processed.getAsDouble()).isGreaterThanOrEqualTo(events + 2);
      assertThat(MetricsScrape.value(body, "headroom_streams_windows_emitted_total").orElse(0))
          .isGreaterThanOrEqualTo(1);
      assertThat(MetricsScrape.value(body, "headroom_streams_records_dead_lettered_total"))
          .hasValue(1);
      assertThat(MetricsScrape.value(body, "headroom_streams_state{state=\"RUNNING\"}"))
          .hasValue(1);
    }
  }

  private static RemoteWrite.Label label(String name, String value) {
    return RemoteWrite.Label.newBuilder().setName(name).setValue(value).build();
  }

  private static void awaitText(StringWriter writer, String text, StringWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!writer.toString().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(writer.toString()).as("stderr: %s", err).contains(text);
  }

  private static int portIn(StringWriter err) {
    Matcher m =
        Pattern.compile("metrics on http://0\\.0\\.0\\.0:(\\d+)/metrics").matcher(err.toString());
    assertThat(m.find()).as(err.toString()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
