package io.headroom.streams;

import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the percentile topology until the JVM is asked to stop. */
public final class PercentileApp {
  private static final Logger LOG = LoggerFactory.getLogger(PercentileApp.class);

  private PercentileApp() {}

  /** Starts the app; the caller closes the returned streams instance. */
  public static KafkaStreams start(StreamsSettings settings) {
    KafkaStreams streams = new KafkaStreams(PercentileTopology.build(settings), settings.streamsConfig());
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    LOG.info("starting percentiles: {} -> {} (windows {}, grace {}, accuracy {}), dead letters -> {}",
        settings.inputTopic(), settings.outputTopic(), settings.windows(), settings.grace(),
        settings.relativeAccuracy(), settings.deadLetterTopic());
    streams.start();
    return streams;
  }

  /** Runs until SIGTERM/SIGINT. */
  public static void runUntilStopped(StreamsSettings settings) throws InterruptedException {
    KafkaStreams streams = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close();
      stopped.countDown();
    }, "percentiles-shutdown"));
    stopped.await();
  }
}
