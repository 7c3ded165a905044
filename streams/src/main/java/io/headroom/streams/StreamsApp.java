package io.headroom.streams;

import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every Headroom Kafka Streams app (percentiles, alerts) is created and run until the JVM is
 * asked to stop.
 */
public final class StreamsApp {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private StreamsApp() {}

  /**
   * The app of {@code topology} with the settings' Streams configuration, not started; a failed
   * stream thread is replaced.
   */
  public static KafkaStreams create(Topology topology, StreamsAppSettings settings) {
    KafkaStreams streams = new KafkaStreams(topology, settings.streamsConfig());
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    return streams;
  }

  /**
   * Blocks until SIGTERM/SIGINT, then closes {@code streams} (in a shutdown hook named {@code
   * name}-shutdown).
   */
  public static void awaitShutdown(KafkaStreams streams, String name) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  streams.close();
                  stopped.countDown();
                },
                name + "-shutdown"));
    stopped.await();
  }
}
