package io.headroom.cli;

import io.headroom.ingest.ProducerSettings;
import io.headroom.schemas.Topics;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where and how fast the ingest commands produce their events ({@code @Mixin} of {@code ingest
 * replay} and {@code ingest synth}).
 */
final class PublishOptions {
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--topic",
      defaultValue = Topics.METRICS_RAW,
      description = "Topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Option(
      names = "--speedup",
      defaultValue = "0",
      description =
          "Event time runs this many times faster than real time; 0 = as fast as possible (default)")
  double speedup;

  ProducerSettings producer() {
    return new ProducerSettings(connection.bootstrapServers(), topic);
  }
}
