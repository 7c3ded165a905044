package io.headroom.core.metric;

import java.time.Instant;

/** One metric sample of one service instance, free of any wire format. */
public record MetricSample(
    String service,
    String instance,
    String metric,
    MetricKind kind,
    double value,
    String unit,
    Instant eventTime) {}
