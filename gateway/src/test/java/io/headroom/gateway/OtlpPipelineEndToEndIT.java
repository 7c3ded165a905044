package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.Topics;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP histogram samples followed end to end on real servers: the OpenTelemetry SDK's OTLP/HTTP
 * exporter → the gateway → {@code metrics.raw} → the percentile app → {@code metrics.windows} → the
 * ClickHouse loader → a row of {@code percentile_windows} whose count, sum, min and max are exact
 * and whose percentiles are within the stated bound of explicit buckets: (1 + a) * sqrt(u / l) for
 * the bucket (l, u] holding the exact percentile, a the sketch's accuracy.
 */
@ExtendWith(LocalStackExtension.class)
class OtlpPipelineEndToEndIT {
  /** The semantic conventions' advice for http.server.request.duration, in seconds. */
  private static final List<Double> BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final int SAMPLES = 5_000;

  @Test
  void sdkHistogram_becomesAPercentileWindowInClickHouse_withinTheStatedBound(
      StackEndpoints stack, @TempDir Path stateDir) throws Exception {
    String service = "otlp-e2e-" + System.nanoTime();
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic :
        List.of(
            Topics.METRICS_RAW,
            Topics.METRICS_WINDOWS,
            Topics.LOAD_FORECASTS,
            Topics.SCALING_COMMANDS,
            Topics.ALERTS)) {
      topics.put(topic, 2);
      topics.put(Topics.deadLetterTopic(topic), 1);
    }
    TopicSetup.ensure(stack.bootstrapServers(), topics, (short) 1);
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    double[] seconds = new double[SAMPLES];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = 0.12 * Math.exp(0.7 * random.nextGaussian());
    }

    try (RemoteWriteServer gateway =
            RemoteWriteServer.start(
                GatewaySettings.defaults(stack.bootstrapServers()).withPort(0),
                MappingConfig.defaults());
        KafkaStreams streams = PercentileApp.start(streamsSettings(stack, stateDir));
        ClickHouseLoader loader =
            ClickHouseLoader.start(
                LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                ClickHouseLoader.defaultRoutes())) {
      SdkMeterProvider provider = meterProvider(service, gateway.port());
      DoubleHistogram duration =
          provider
              .get("e2e")
              .histogramBuilder("http.server.request.duration")
              .setUnit("s")
              .setExplicitBucketBoundariesAdvice(BOUNDS)
              .build();
      // All samples in one delta point, early in a window, so they land in one window.
      awaitEarlyInAWindow();
      Attributes route = Attributes.of(AttributeKey.stringKey("http.route"), "/checkout");
      for (double s : seconds) {
        duration.record(s, route);
      }
      flush(provider);
      // A later point past the window's end and grace moves stream time on: the window closes.
      Thread.sleep(WINDOW.plus(GRACE).plusSeconds(1).toMillis());
      duration.record(0.1, route);
      flush(provider);
      provider.close();

      Map<String, Object> window = awaitFirstWindow(clickhouse, service);

      Arrays.sort(seconds);
      assertThat(((Number) window.get("count")).longValue()).isEqualTo(SAMPLES);
      double exactSumMs = Arrays.stream(seconds).sum() * 1000;
      assertThat((double) window.get("sum")).isCloseTo(exactSumMs, within(exactSumMs * 1e-9));
      assertThat((double) window.get("min")).isCloseTo(seconds[0] * 1000, within(1e-9));
      assertThat((double) window.get("max"))
          .isCloseTo(seconds[seconds.length - 1] * 1000, within(1e-9));
      double a = SketchAccumulator.DEFAULT_RELATIVE_ACCURACY;
      for (String q : List.of("p50", "p90", "p95", "p99")) {
        double exact =
            seconds[(int) Math.floor(Integer.parseInt(q.substring(1)) / 100.0 * (SAMPLES - 1))];
        int upper = 0;
        while (BOUNDS.get(upper) < exact) {
          upper++;
        }
        double factor = (1 + a) * Math.sqrt(BOUNDS.get(upper) / BOUNDS.get(upper - 1));
        double exactMs = exact * 1000;
        System.out.printf(
            "OtlpPipelineEndToEndIT: %s exact %.2f ms, window %.2f ms (bound x%.3f)%n",
            q, exactMs, (double) window.get(q), factor);
        assertThat((double) window.get(q))
            .as(
                "%s: exact %s ms in bucket (%s, %s] s",
                q, exactMs, BOUNDS.get(upper - 1), BOUNDS.get(upper))
            .isBetween(exactMs / factor, exactMs * factor);
      }
      assertThat(gateway.stats().producedEvents()).isGreaterThanOrEqualTo(2);
    }
  }

  private static StreamsSettings streamsSettings(StackEndpoints stack, Path stateDir) {
    Properties p = new Properties();
    p.put("bootstrap.servers", stack.bootstrapServers());
    p.put("application.id", "otlp-e2e-" + System.nanoTime());
    p.put("state.dir", stateDir.toString());
    p.put("commit.interval.ms", "200");
    p.put(StreamsSettings.WINDOWS, WINDOW.toSeconds() + "s");
    p.put(StreamsSettings.GRACE, GRACE.toSeconds() + "s");
    return StreamsSettings.fromProperties(p);
  }

  /** Delta temporality: each export carries the samples since the last, so none primes a series. */
  private static SdkMeterProvider meterProvider(String service, int port) {
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/metrics")
            .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
            .build();
    return SdkMeterProvider.builder()
        .setResource(
            Resource.getDefault()
                .merge(
                    Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .registerMetricReader(
            PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .build();
  }

  private static void flush(SdkMeterProvider provider) {
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess())
        .as("the gateway accepted the export")
        .isTrue();
  }

  /** Waits until at most 2 s have passed of the current window. */
  private static void awaitEarlyInAWindow() throws InterruptedException {
    long intoWindow = System.currentTimeMillis() % WINDOW.toMillis();
    if (intoWindow > 2_000) {
      Thread.sleep(WINDOW.toMillis() - intoWindow + 100);
    }
  }

  /** The service's earliest window, once the loader has written it. */
  private static Map<String, Object> awaitFirstWindow(ClickHouseSettings clickhouse, String service)
      throws Exception {
    String sql =
        "SELECT count, sum, min, max, p50, p90, p95, p99 FROM headroom.percentile_windows FINAL"
            + " WHERE service = '"
            + service
            + "' AND metric = 'latency_ms' ORDER BY window_start LIMIT 1";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Connection c = ClickHouseConnections.open(clickhouse)) {
      while (System.nanoTime() < deadline) {
        List<Map<String, Object>> rows = QueryCatalogue.run(c, sql);
        if (!rows.isEmpty()) {
          return rows.get(0);
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("no percentile window of " + service + " in ClickHouse within 120 s");
  }
}
