package io.headroom.cli;

import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.PublishReport;
import io.headroom.schemas.Topics;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where and how fast the ingest commands produce their events ({@code @Mixin} of {@code ingest
 * replay} and {@code ingest synth}).
 */
final class PublishOptions {
  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

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
    return new ProducerSettings(
        connection.bootstrapServers(), topic, Map.<String, Object>copyOf(kafka.properties()));
  }

  /**
   * Says on stderr how many of the published events the percentile app will refuse; the exit code:
   * a failure when it refuses all of them, since nothing was then published that any window counts.
   *
   * @param hint what to change when every event is refused; empty for none
   */
  int exitCode(PublishReport report, String hint) {
    String deadLetters = Topics.deadLetterTopic(topic);
    if (report.allRejected()) {
      System.err.printf(
          "headroom: all %,d events will be refused by the percentile app and end in %s, in no"
              + " window (%s)%s%n",
          report.events(), deadLetters, report.firstRejection(), hint);
      return CliErrors.FAILURE;
    }
    if (report.rejected() > 0) {
      System.err.printf(
          "%,d of the events will be refused by the percentile app and end in %s (first: %s)%n",
          report.rejected(), deadLetters, report.firstRejection());
    }
    return 0;
  }
}
