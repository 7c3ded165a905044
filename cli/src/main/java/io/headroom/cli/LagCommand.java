package io.headroom.cli;

import io.headroom.core.queue.ConsumerLag;
import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.time.DurationText;
import io.headroom.ingest.LagReader;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom lag}: reads a consumer group's lag on a topic every period and publishes it to
 * {@code metrics.raw} as {@code queue_depth} and {@code queue_partitions_with_lag} events of the
 * group (the service).
 */
@Command(
    name = "lag",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Read a consumer group's lag (committed vs log-end offsets, per partition, KEDA's rules) every period",
      "and publish queue_depth and queue_partitions_with_lag events to metrics.raw (until Ctrl-C).",
    })
final class LagCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Option(names = "--group", required = true, paramLabel = "G", description = "consumer group")
  String group;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "topic it reads")
  String topic;

  @Option(
      names = "--publish-to",
      paramLabel = "TOPIC",
      defaultValue = Topics.METRICS_RAW,
      description =
          "topic the queue_depth events go to, as the percentile app reads them (default:"
              + " ${DEFAULT-VALUE})")
  String publishTo;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "period between readings (default: ${DEFAULT-VALUE})")
  Duration every;

  @Option(
      names = "--lag-threshold",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "KEDA lagThreshold, for the reported (capped) value printed (default: ${DEFAULT-VALUE})")
  long lagThreshold;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "stop after N readings (default: 0, until Ctrl-C)")
  int count;

  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

  @Mixin MetricsPortOption metrics;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("--every: " + DurationText.format(every) + " must be > 0");
    }
    if (count < 0) {
      throw new IllegalArgumentException("--count: " + count + " must be >= 0");
    }
    KafkaLagSettings settings;
    try {
      settings = KafkaLagSettings.DEFAULTS.withLagThreshold(lagThreshold);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--lag-threshold: " + lagThreshold + " must be > 0", e);
    }
    String bootstrap = connection.bootstrapServers();
    Map<String, String> clientSettings = kafka.properties();
    Properties properties = new Properties();
    properties.putAll(clientSettings);
    properties.setProperty("bootstrap.servers", bootstrap);
    PrintWriter out = commandSpec.commandLine().getOut();
    LagMetrics figures = new LagMetrics(group, topic);
    try (MetricsEndpoint endpoint =
            metrics.serve(figures::register, commandSpec.commandLine().getErr());
        LagReader reader = LagReader.connect(properties, group, topic, settings);
        MetricsProducer producer =
            new MetricsProducer(
                new ProducerSettings(
                    bootstrap, publishTo, Map.<String, Object>copyOf(clientSettings)))) {
      for (int reading = 1; count == 0 || reading <= count; reading++) {
        Instant now = Instant.now();
        ConsumerLag lag = reader.publish(producer, now);
        figures.record(lag);
        out.printf("%s %s/%s: %s -> %s%n", now, group, topic, lag.describe(), publishTo);
        out.flush();
        if (count == 0 || reading < count) {
          Thread.sleep(every.toMillis());
        }
      }
    }
    return 0;
  }
}
