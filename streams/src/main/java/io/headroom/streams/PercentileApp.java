package io.headroom.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the percentile topology until the JVM is asked to stop. */
public final class PercentileApp {
  private static final Logger LOG = LoggerFactory.getLogger(PercentileApp.class);

  private PercentileApp() {}

  /** Starts the app; the caller closes the returned streams instance. */
  public static KafkaStreams start(StreamsSettings settings) {
    KafkaStreams streams = StreamsApp.create(PercentileTopology.build(settings), settings);
    LOG.info(
        "starting percentiles: {} -> {} (windows {}, grace {}, accuracy {}), dead letters -> {}",
        settings.inputTopic(),
        settings.outputTopic(),
        settings.windows(),
        settings.grace(),
        settings.relativeAccuracy(),
        settings.deadLetterTopic());
    streams.start();
    return streams;
  }

  /** Runs until SIGTERM/SIGINT. */
  public static void runUntilStopped(StreamsSettings settings) throws InterruptedException {
    StreamsApp.awaitShutdown(start(settings), "percentiles");
  }
}
