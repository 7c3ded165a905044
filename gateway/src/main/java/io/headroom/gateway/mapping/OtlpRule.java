package io.headroom.gateway.mapping;

import java.util.regex.Pattern;

/**
 * How the OTLP metrics whose name matches {@code match} become metric events. The OTLP type says
 * what a point is (a gauge, a sum, a histogram), so unlike Prometheus series no rule has to guess
 * it from the name.
 *
 * @param match glob over the OTLP metric name ({@code *} = any run of characters)
 * @param action {@link Action#AUTO}: by type (gauges as they are, monotonic sums as {@code COUNTER}
 *     events of their increase, histograms as sketches); {@link Action#RATE}: monotonic sums as the
 *     per-second rate of increase ({@code GAUGE}), as the Prometheus counters become; {@link
 *     Action#DROP}: not sent
 * @param metric the event's metric name, or null for the OTLP name
 * @param scale factor applied to values (to every sample of a histogram), e.g. 1000 for seconds to
 *     milliseconds; must be positive, as a negative one would turn a histogram upside down
 * @param unit the event's unit, or null for the OTLP unit when {@code scale} is 1 (else "")
 */
public record OtlpRule(String match, Action action, String metric, double scale, String unit) {
  public enum Action {
    AUTO,
    RATE,
    DROP
  }

  public OtlpRule {
    if (match == null || match.isBlank()) {
      throw new IllegalArgumentException("match must be a non-empty glob");
    }
    if (!Double.isFinite(scale) || scale <= 0) {
      throw new IllegalArgumentException("scale: " + scale + " must be a finite positive number");
    }
  }

  public Pattern pattern() {
    return SeriesRule.globPattern(match);
  }

  /** The event's metric name for an OTLP metric called {@code name}. */
  public String metricFor(String name) {
    return metric != null ? metric : name;
  }

  /** The event's unit for an OTLP metric whose own unit is {@code otlpUnit}. */
  public String unitFor(String otlpUnit) {
    if (unit != null) {
      return unit;
    }
    return scale == 1 ? otlpUnit : "";
  }
}
