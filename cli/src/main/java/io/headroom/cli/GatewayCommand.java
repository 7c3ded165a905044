package io.headroom.cli;

import io.headroom.gateway.GatewayApp;
import io.headroom.gateway.GatewaySettings;
import io.headroom.gateway.mapping.MappingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom gateway}: the Prometheus remote_write and OTLP receiver in front of {@code
 * metrics.raw}, until Ctrl-C.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Receive Prometheus remote_write (POST /api/v1/write) and publish the samples to metrics.raw as metric events,",
      "acknowledged by Kafka before the 204. Example, with remote_write: [{url: http://127.0.0.1:9201/api/v1/write}]",
      "in prometheus.yml: ./headroom gateway --listen 127.0.0.1:9201",
      "OTLP/HTTP metrics (protobuf or JSON) on POST /v1/metrics of the same server; with --otlp-topic, also the",
      "OpenTelemetry Collector's Kafka exporter messages (encoding otlp_proto), bad ones to <topic>.dlq.",
    })
final class GatewayCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin KafkaClientOptions kafka;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "where to serve (default: 127.0.0.1:9201)")
  String listen;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "topic the events go to (default: metrics.raw)")
  String topic;

  @Option(
      names = "--mapping",
      paramLabel = "FILE.yaml",
      description = "series-to-event mapping (default: the bundled gateway-mapping.yaml)")
  Path mapping;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "require 'Authorization: Bearer <the file's token>'")
  Path tokenFile;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description = "records awaiting Kafka before answering 503 (default: 100000)")
  Integer maxInFlight;

  @Option(
      names = "--otlp-topic",
      paramLabel = "TOPIC",
      arity = "0..1",
      fallbackValue = GatewaySettings.DEFAULT_OTLP_TOPIC,
      description =
          "consume the Collector's Kafka exporter (otlp_proto) from TOPIC (without a value: otlp_metrics)")
  String otlpTopic;

  @Option(
      names = "--otlp-group",
      paramLabel = "GROUP",
      description = "consumer group for --otlp-topic (default: headroom-gateway-otlp)")
  String otlpGroup;

  @Mixin MetricsPortOption metrics;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GatewaySettings settings =
        GatewayApp.configure(connection.bootstrapServers(), listen, topic, tokenFile, maxInFlight)
            .withKafkaProperties(kafka.properties());
    if (otlpTopic != null) {
      settings = settings.withOtlpTopic(otlpTopic, otlpGroup);
    }
    MappingConfig rules = mapping == null ? MappingConfig.defaults() : MappingConfig.load(mapping);
    GatewayApp.runUntilStopped(
        settings,
        rules,
        server ->
            metrics.serve(
                registry -> GatewayMetrics.register(registry, server.stats()),
                spec.commandLine().getErr()));
    return 0;
  }
}
