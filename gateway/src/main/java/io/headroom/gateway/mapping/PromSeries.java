package io.headroom.gateway.mapping;

import java.util.Map;
import java.util.SortedMap;

/**
 * One Prometheus series as it arrived in a remote-write request, free of the wire format: its
 * labels (including {@code __name__}), immutable and sorted by name, and its samples, oldest first
 * as Prometheus sends them.
 *
 * @param timestampsMillis sample times, milliseconds since the Unix epoch, same length as values
 */
public record PromSeries(
    SortedMap<String, String> labels, long[] timestampsMillis, double[] values) {
  public static final String NAME_LABEL = "__name__";

  public PromSeries {
    if (timestampsMillis.length != values.length) {
      throw new IllegalArgumentException(
          "timestamps and values must have one length, were "
              + timestampsMillis.length
              + " and "
              + values.length);
    }
    labels = SeriesLabels.copyOf(labels);
  }

  public static PromSeries of(
      Map<String, String> labels, long[] timestampsMillis, double[] values) {
    return new PromSeries(SeriesLabels.copyOf(labels), timestampsMillis, values);
  }

  /** The metric name, or "" when the series has no {@code __name__} label. */
  public String name() {
    return labels.getOrDefault(NAME_LABEL, "");
  }

  /**
   * {@code name{a="x",b="y"}}: identifies the series; labels in name order, so equal series give
   * equal keys.
   */
  public String key() {
    return ((SeriesLabels) labels).key();
  }

  /** The key in UTF-8. */
  byte[] keyUtf8() {
    return ((SeriesLabels) labels).keyUtf8();
  }

  public int sampleCount() {
    return values.length;
  }
}
