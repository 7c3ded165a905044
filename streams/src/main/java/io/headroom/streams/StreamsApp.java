package io.headroom.streams;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /**
   * How long a stop waits for the app to close cleanly. Closing commits and leaves the group, and
   * each of those waits out its own timeout (a minute for a transaction) when the broker does not
   * answer; an operator's SIGTERM must end the process in seconds whatever the broker does, and
   * what the app did not commit is reprocessed after the restart (exactly-once).
   */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(6);

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
                  stop(streams);
                  stopped.countDown();
                },
                name + "-shutdown"));
    StreamsHeartbeat heartbeat = new StreamsHeartbeat(name);
    while (!stopped.await(HEARTBEAT.toSeconds(), TimeUnit.SECONDS)) {
      System.err.println(heartbeat.line(streams.state(), streams.metrics()));
    }
  }

  /** How often a running app says how far it got. */
  static final Duration HEARTBEAT = Duration.ofMinutes(1);

  /**
   * Closes {@code streams}, waiting at most {@link #CLOSE_TIMEOUT}; true when it closed cleanly in
   * that time.
   */
  public static boolean stop(KafkaStreams streams) {
    boolean closed = streams.close(CLOSE_TIMEOUT);
    if (!closed) {
      LOG.warn(
          "the app did not close within {} (broker unreachable?); stopping anyway, uncommitted"
              + " input is processed again after the restart",
          CLOSE_TIMEOUT);
    }
    return closed;
  }
}
