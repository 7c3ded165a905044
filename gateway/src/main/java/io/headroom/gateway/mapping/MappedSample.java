package io.headroom.gateway.mapping;

import io.headroom.core.metric.MetricKind;
import java.time.Instant;
import java.util.Map;

/**
 * One metric event made from a Prometheus sample or an OTLP point, before it takes its wire form.
 *
 * @param eventId stable for a given series and sample time, so a resent sample keeps its id and
 *     storage deduplicates it
 * @param labels the series' labels less {@code __name__}, the service label used and the instance
 *     label (for OTLP: the point's attributes)
 * @param sketch null for one sample; for a histogram point, the {@code SketchAccumulator.toBytes()}
 *     of its samples (then {@code value} is their mean)
 */
public record MappedSample(
    String eventId,
    String service,
    String instance,
    String metric,
    MetricKind kind,
    double value,
    String unit,
    Instant eventTime,
    Map<String, String> labels,
    byte[] sketch) {

  /** One sample: no sketch. */
  public MappedSample(
      String eventId,
      String service,
      String instance,
      String metric,
      MetricKind kind,
      double value,
      String unit,
      Instant eventTime,
      Map<String, String> labels) {
    this(eventId, service, instance, metric, kind, value, unit, eventTime, labels, null);
  }
}
