package io.headroom.gateway.mapping;

import io.headroom.core.metric.MetricKind;
import java.time.Instant;
import java.util.Map;

/**
 * One metric event made from a Prometheus sample, before it takes its wire form.
 *
 * @param eventId stable for a given series and sample time, so a resent sample keeps its id and
 *     storage deduplicates it
 * @param labels the series' labels less {@code __name__}, the service label used and the instance
 *     label
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
    Map<String, String> labels) {}
