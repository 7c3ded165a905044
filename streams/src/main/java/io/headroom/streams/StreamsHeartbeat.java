package io.headroom.streams;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One line a minute from a running Streams app: its state and the records its threads processed, in
 * all and since the last line, so an app that stalls (or never gets data) says so.
 */
public final class StreamsHeartbeat {
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
    previous = processed;
    return line;
  }

  /** Records processed by every stream thread ({@code stream-thread-metrics/process-total}). */
  public static long processed(Map<MetricName, ? extends Metric> metrics) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals("process-total")
          && e.getKey().group().equals("stream-thread-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        total += n.doubleValue();
      }
    }
    return Math.round(total);
  }
}
