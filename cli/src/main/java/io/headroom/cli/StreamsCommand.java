package io.headroom.cli;

import io.headroom.streams.PercentileApp;
import io.headroom.streams.StreamsApp;
import io.headroom.streams.StreamsSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Kafka Streams percentile app until Ctrl-C: per service x metric event-time windows with",
      "count, rate, min/max/mean and p50/p90/p95/p99 from a DDSketch; bad and late events to the dead-letter topic."
    })
final class StreamsCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file: Kafka Streams settings plus headroom.windows, headroom.grace, headroom.relative-accuracy,"
              + " headroom.max-ahead-of-wall-clock (events further ahead of the wall clock go to the dead-letter topic;"
              + " default 1h), ...")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Extra setting, e.g. --set headroom.windows=1m,1h")
  Map<String, String> overrides = Map.of();

  @Mixin MetricsPortOption metrics;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(kafka.properties());
    settings.putAll(overrides);
    KafkaStreams streams =
        PercentileApp.start(settings(connection.bootstrapServers(), config, settings));
    try (MetricsEndpoint endpoint =
        StreamsAppMetrics.serveOrStop(
            metrics, StreamsAppMetrics.PERCENTILES, streams, spec.commandLine().getErr())) {
      // The name PercentileApp.runUntilStopped gives the minute line and the shutdown hook.
      StreamsApp.awaitShutdown(streams, "percentiles");
    }
    return 0;
  }

  static StreamsSettings settings(String bootstrap, Path config, Map<String, String> overrides)
      throws Exception {
    Properties properties = new Properties();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("--config: file not found: " + config);
      }
      try (Reader in = Files.newBufferedReader(config)) {
        properties.load(in);
      }
    }
    properties.putIfAbsent("bootstrap.servers", bootstrap);
    properties.putAll(overrides);
    return StreamsSettings.fromProperties(properties);
  }
}
