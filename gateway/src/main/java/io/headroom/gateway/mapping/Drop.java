package io.headroom.gateway.mapping;

/** Why a Prometheus sample did not become a metric event. Every one is counted. */
public enum Drop {
  /** Prometheus' staleness marker (NaN with bits 0x7ff0000000000002): the series ended. */
  STALE_MARKER,
  /** Any other NaN value. */
  NAN,
  /** No rule matched the metric name. */
  UNMAPPED,
  /** A rule with {@code action: drop} matched (histogram buckets by default). */
  DROPPED_BY_RULE,
  /** None of the service labels is present. */
  NO_SERVICE,
  /** First sample of a counter series: a rate needs two. */
  COUNTER_FIRST_SAMPLE,
  /** A counter sample not later than the previous one of its series (resent or out of order). */
  NOT_NEWER,
  /**
   * Rejected by core's {@code MetricValidator} (infinite value, negative non-negative metric, time
   * before 2000).
   */
  INVALID
}
