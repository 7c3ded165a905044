package io.headroom.streams;

import io.headroom.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The percentile app's settings: standard Kafka Streams properties plus Headroom's own keys ({@code
 * headroom.*}, the shared ones in {@link StreamsAppSettings}). Parsed and validated once, at
 * start-up; a bad value is a one-line error naming the key.
 *
 * @param windows window sizes, smallest first (default 1m and 1h); late events are judged against
 *     the smallest
 * @param grace how long after a window's end late events still update it
 * @param maxFutureSkew events further ahead of stream time than this are rejected
 * @param maxAheadOfWallClock events further ahead of the wall clock than this are rejected, also on
 *     a partition that has no stream time yet
 * @param inMemoryStores window stores in memory (the default; restored from their changelogs on
 *     restart) rather than RocksDB. Only open windows are kept — a few per service — so the heap
 *     holds thousands of services; RocksDB is there for far more.
 */
public record StreamsSettings(
    Properties kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    List<Duration> windows,
    Duration grace,
    double relativeAccuracy,
    Duration maxFutureSkew,
    Duration maxAheadOfWallClock,
    boolean inMemoryStores)
    implements StreamsAppSettings {

  public static final String WINDOWS = "headroom.windows";
  public static final String GRACE = "headroom.grace";
  public static final String RELATIVE_ACCURACY = "headroom.relative-accuracy";
  public static final String MAX_FUTURE_SKEW = "headroom.max-future-skew";
  public static final String MAX_AHEAD_OF_WALL_CLOCK = "headroom.max-ahead-of-wall-clock";

  public StreamsSettings {
    windows = List.copyOf(windows);
    if (windows.isEmpty()) {
      throw new IllegalArgumentException(WINDOWS + ": at least one window size is needed");
    }
    for (int i = 1; i < windows.size(); i++) {
      Duration smallest = windows.get(0);
      if (windows.get(i).toMillis() % smallest.toMillis() != 0) {
        throw new IllegalArgumentException(
            WINDOWS
                + ": "
                + windows.get(i)
                + " is not a multiple of "
                + smallest
                + "; roll-ups must be whole multiples of the smallest window");
      }
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException(GRACE + ": " + grace + " must be >= 0");
    }
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new IllegalArgumentException(
          RELATIVE_ACCURACY + ": " + relativeAccuracy + " must be in (0, 1)");
    }
  }

  /** Reads settings from properties; missing Headroom keys take their defaults. */
  public static StreamsSettings fromProperties(Properties properties) {
    Properties kafka = StreamsAppSettings.kafkaProperties(properties, "headroom-percentiles");
    List<Duration> windows = new ArrayList<>();
    for (String size : properties.getProperty(WINDOWS, "1m,1h").split(",")) {
      Duration window = Durations.parse(WINDOWS, size.strip());
      if (window.isZero()) {
        throw new IllegalArgumentException(WINDOWS + ": window size must be > 0");
      }
      windows.add(window);
    }
    windows.sort(null);
    String input = properties.getProperty(INPUT_TOPIC, Topics.METRICS_RAW);
    return new StreamsSettings(
        kafka,
        input,
        properties.getProperty(OUTPUT_TOPIC, Topics.METRICS_WINDOWS),
        StreamsAppSettings.deadLetterTopic(properties, input),
        windows,
        Durations.parse(GRACE, properties.getProperty(GRACE, "30s")),
        parseDouble(RELATIVE_ACCURACY, properties.getProperty(RELATIVE_ACCURACY, "0.01")),
        Durations.parse(MAX_FUTURE_SKEW, properties.getProperty(MAX_FUTURE_SKEW, "1d")),
        Durations.parse(
            MAX_AHEAD_OF_WALL_CLOCK, properties.getProperty(MAX_AHEAD_OF_WALL_CLOCK, "1h")),
        StreamsAppSettings.inMemoryStores(properties, "in-memory"));
  }

  /** {@link StreamsAppSettings#streamsConfig}, tuned for the percentiles unless overridden. */
  @Override
  public Properties streamsConfig() {
    Properties config = StreamsAppSettings.super.streamsConfig();
    // Windows are emitted when they close, a minute at the soonest, so the exactly-once default of
    // committing every 100 ms buys no latency; each commit is a transaction of several round trips.
    config.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
    // Percentiles are CPU-bound: a thread per core (tasks spread over them), not Kafka's single
    // thread.
    config.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(defaultThreads()));
    // Task idling lines up a task's input partitions by time; here every task reads one partition
    // of one topic, so there is nothing to line up, and the idling check costs each drained buffer.
    config.putIfAbsent(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // Streams' 10 s default lets a transaction stalled by a busy machine (GC, CPU contention) be
    // aborted and the task fenced; a minute rides that out at the cost of slower failure detection.
    config.putIfAbsent(StreamsConfig.producerPrefix("transaction.timeout.ms"), "60000");
    return config;
  }

  /**
   * How often Streams commits on its own (Kafka's {@code commit.interval.ms}, 1 s by default here).
   */
  public Duration commitInterval() {
    return Duration.ofMillis(
        Long.parseLong(
            streamsConfig().getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG).strip()));
  }

  static int defaultThreads() {
    return Math.min(Runtime.getRuntime().availableProcessors(), 4);
  }

  public Duration smallestWindow() {
    return windows.get(0);
  }

  private static double parseDouble(String key, String value) {
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
    }
  }
}
