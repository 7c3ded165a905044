package io.headroom.schemas;

/** Default topic names. Every component takes its topics from its settings; these are the defaults. */
public final class Topics {
  public static final String METRICS_RAW = "metrics.raw";
  public static final String METRICS_DLQ = "metrics.dlq";
  public static final String METRICS_WINDOWS = "metrics.windows";
  public static final String LOAD_FORECASTS = "load.forecasts";
  public static final String SCALING_COMMANDS = "scaling.commands";
  public static final String ALERTS = "alerts";

  /** Header names on dead-letter records. */
  public static final String DLQ_REASON_HEADER = "headroom.dlq.reason";
  public static final String DLQ_SOURCE_HEADER = "headroom.dlq.source";

  private Topics() {}
}
