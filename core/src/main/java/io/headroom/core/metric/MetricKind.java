package io.headroom.core.metric;

/** How a metric sample is read. */
public enum MetricKind {
  /** A level at a moment (CPU %, memory %, queue depth, replicas). */
  GAUGE,
  /** An amount counted over the interval since the previous sample (requests, errors). */
  COUNTER,
  /** One observed duration, e.g. a request latency in ms. */
  LATENCY_SAMPLE
}
