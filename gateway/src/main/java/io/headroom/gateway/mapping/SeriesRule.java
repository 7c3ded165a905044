package io.headroom.gateway.mapping;

import java.util.regex.Pattern;

/**
 * How the series whose metric name matches {@code match} become metric events.
 *
 * @param match glob over the Prometheus metric name; {@code *} stands for any run of characters
 * @param action {@link Action#GAUGE}: each sample as it is; {@link Action#COUNTER}: a cumulative
 *     counter, sent as its per-second rate between consecutive samples; {@link Action#HISTOGRAM}:
 *     the {@code _bucket} series of a classic histogram, sent as one DDSketch per scrape ({@link
 *     ClassicHistograms}); {@link Action#DROP}: not sent
 * @param metric the event's metric name, or null for the default: the Prometheus name for gauges,
 *     the name without {@code _total} plus {@code _per_second} for counters, the name without
 *     {@code _bucket} for histograms
 * @param scale factor applied to the value (or rate) before it is sent, e.g. 100 for CPU seconds
 *     per second to percent of one core
 * @param unit the event's unit, "" when unknown
 */
public record SeriesRule(String match, Action action, String metric, double scale, String unit) {
  public enum Action {
    GAUGE,
    COUNTER,
    HISTOGRAM,
    DROP
  }

  public SeriesRule {
    if (match == null || match.isBlank()) {
      throw new IllegalArgumentException("match must be a non-empty glob");
    }
    if (!Double.isFinite(scale) || scale == 0) {
      throw new IllegalArgumentException("scale: " + scale + " must be a finite non-zero number");
    }
    if (action == Action.HISTOGRAM && scale < 0) {
      // A negative factor would turn every bucket's bounds upside down.
      throw new IllegalArgumentException("scale: " + scale + " must be positive for a histogram");
    }
    unit = unit == null ? "" : unit;
  }

  /** The event's metric name for a series called {@code name}. */
  public String metricFor(String name) {
    if (metric != null) {
      return metric;
    }
    if (action == Action.COUNTER) {
      String base =
          name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
      return base + "_per_second";
    }
    if (action == Action.HISTOGRAM && name.endsWith(ClassicHistograms.BUCKET_SUFFIX)) {
      return ClassicHistograms.baseName(name);
    }
    return name;
  }

  /** The glob {@link #match} as a regular expression over the whole name. */
  public Pattern pattern() {
    return globPattern(match);
  }

  /** A glob ({@code *} = any run of characters) as a regular expression over the whole name. */
  static Pattern globPattern(String match) {
    StringBuilder regex = new StringBuilder();
    String[] parts = match.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!parts[i].isEmpty()) {
        regex.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
