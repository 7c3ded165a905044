package io.headroom.gateway.mapping;

/**
 * Why a Prometheus sample or an OTLP data point did not become a metric event. Every one is
 * counted.
 */
public enum Drop {
  /** Prometheus' staleness marker (NaN with bits 0x7ff0000000000002): the series ended. */
  STALE_MARKER,
  /** Any other NaN value. */
  NAN,
  /** No rule matched the metric name. */
  UNMAPPED,
  /** A rule with {@code action: drop} matched. */
  DROPPED_BY_RULE,
  /** None of the service labels is present. */
  NO_SERVICE,
  /**
   * First sample of a counter series (a rate needs two), or first scrape of a cumulative histogram
   * (an interval needs two).
   */
  COUNTER_FIRST_SAMPLE,
  /** A counter sample not later than the previous one of its series (resent or out of order). */
  NOT_NEWER,
  /**
   * Rejected by core's {@code MetricValidator} (infinite value, negative non-negative metric, time
   * before 2000).
   */
  INVALID,
  /** OTLP: a metric without a name. */
  EMPTY_NAME,
  /**
   * OTLP: a point flagged {@code FLAG_NO_RECORDED_VALUE} (the series stopped, as a staleness
   * marker); a cumulative series' state is forgotten.
   */
  NO_RECORDED_VALUE,
  /**
   * OTLP: a summary (precomputed quantiles do not merge) or a non-monotonic delta sum (a change of
   * a level whose base is unknown).
   */
  UNSUPPORTED,
  /** A histogram interval without any sample: nothing to add to a window. */
  NO_SAMPLES,
  /**
   * Prometheus: the {@code _bucket} samples of a classic histogram at one time lack the {@code
   * +Inf} bucket in their request (the histogram was split between requests).
   */
  INCOMPLETE_HISTOGRAM
}
