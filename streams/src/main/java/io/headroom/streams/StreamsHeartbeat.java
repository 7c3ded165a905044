package io.headroom.streams;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One line a minute from a running Streams app: its state and the records its threads processed, in
 * all and since the last line, so an app that stalls (or never gets data) says so; for the
 * percentile app also the windows it emitted and the records it dead-lettered.
 */
public final class StreamsHeartbeat {
  private static final String PERCENTILE_GROUP =
      "stream-" + PercentileProcessor.METRICS_SCOPE + "-metrics";

  private final String name;
  private long previous;

  StreamsHeartbeat(String name) {
    this.name = name;
  }

  String line(KafkaStreams.State state, Map<MetricName, ? extends Metric> metrics) {
    long processed = processed(metrics);
    String line =
        String.format(
            Locale.ROOT,
            "%s: %s, %,d records processed (+%,d since the last line)",
            name,
            state,
            processed,
            processed - previous);
    if (hasPercentileFigures(metrics)) {
      line +=
          String.format(
              Locale.ROOT,
              ", %,d windows emitted, %,d records dead-lettered",
              windowsEmitted(metrics),
              deadLettered(metrics));
    }
    previous = processed;
    return line;
  }

  /** Records processed by every stream thread ({@code stream-thread-metrics/process-total}). */
  public static long processed(Map<MetricName, ? extends Metric> metrics) {
    return total(metrics, "process-total", "stream-thread-metrics");
  }

  /** Windows the percentile app's tasks have closed and forwarded. */
  public static long windowsEmitted(Map<MetricName, ? extends Metric> metrics) {
    return total(metrics, PercentileProcessor.WINDOWS_EMITTED + "-total", PERCENTILE_GROUP);
  }

  /** Records the percentile app's tasks have sent to the dead-letter topic. */
  public static long deadLettered(Map<MetricName, ? extends Metric> metrics) {
    return total(metrics, PercentileProcessor.DEAD_LETTERED + "-total", PERCENTILE_GROUP);
  }

  /** Whether the metrics are the percentile app's (the alert app shares this line). */
  public static boolean hasPercentileFigures(Map<MetricName, ? extends Metric> metrics) {
    return metrics.keySet().stream().anyMatch(m -> m.group().equals(PERCENTILE_GROUP));
  }

  private static long total(Map<MetricName, ? extends Metric> metrics, String name, String group) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals(name)
          && e.getKey().group().equals(group)
          && e.getValue().metricValue() instanceof Number n) {
        total += n.doubleValue();
      }
    }
    return Math.round(total);
  }
}
