package io.headroom.schemas;

/**
 * Default topic names. Every component takes its topics from its settings; these are the defaults.
 */
public final class Topics {
  public static final String METRICS_RAW = "metrics.raw";
  public static final String METRICS_WINDOWS = "metrics.windows";
  public static final String LOAD_FORECASTS = "load.forecasts";
  public static final String SCALING_COMMANDS = "scaling.commands";
  public static final String ALERTS = "alerts";

  /**
   * Where the percentile app sends the raw events it cannot use: {@link #deadLetterTopic} of {@link
   * #METRICS_RAW}.
   */
  public static final String METRICS_DLQ = deadLetterTopic(METRICS_RAW);

  /** Header names on dead-letter records. */
  public static final String DLQ_REASON_HEADER = "headroom.dlq.reason";

  public static final String DLQ_SOURCE_HEADER = "headroom.dlq.source";

  /**
   * Names the app or job that rejected the record, where several read one topic ({@code
   * metrics.windows}).
   */
  public static final String DLQ_CONSUMER_HEADER = "headroom.dlq.consumer";

  private Topics() {}

  /**
   * The dead-letter topic of an input topic, {@code <topic>.dlq}: every reader of {@code topic}
   * (Streams apps, Flink jobs, the loader) sends the records it cannot use there.
   */
  public static String deadLetterTopic(String topic) {
    return topic + ".dlq";
  }

  /**
   * {@code topic-partition@offset}: where a dead letter was read, the value of {@link
   * #DLQ_SOURCE_HEADER}.
   */
  public static String deadLetterSource(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }
}
