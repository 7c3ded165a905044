package io.headroom.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a decoded sample makes sense. Returns the reason it does not, which the streaming
 * path writes to the dead-letter topic's headers; a valid sample yields empty.
 */
public final class MetricValidator {
  /** Samples before this are taken as clock or unit errors (seconds sent as millis, say). */
  static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");

  private final Duration maxFutureSkew;

  /**
   * @param maxFutureSkew how far ahead of the reference time (the stream's own event time) a sample
   *     may be before it is rejected as far outside the window
   */
  public MetricValidator(Duration maxFutureSkew) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0, was " + maxFutureSkew);
    }
    this.maxFutureSkew = maxFutureSkew;
  }

  public static MetricValidator withDefaults() {
    return new MetricValidator(Duration.ofDays(1));
  }

  /**
   * @param reference the latest event time seen so far by the caller (stream time), or null when
   *     nothing was seen yet
   */
  public Optional<String> problem(MetricSample sample, Instant reference) {
    return problem(
        sample.service(),
        sample.metric(),
        sample.kind(),
        sample.value(),
        sample.eventTime(),
        reference);
  }

  /**
   * The same rules for a sample given field by field, for callers that never build a {@link
   * MetricSample}.
   */
  public Optional<String> problem(
      String service,
      String metric,
      MetricKind kind,
      double value,
      Instant eventTime,
      Instant reference) {
    if (service == null || service.isBlank()) {
      return Optional.of("missing service");
    }
    if (metric == null || metric.isBlank()) {
      return Optional.of("missing metric name");
    }
    if (!Double.isFinite(value)) {
      return Optional.of("value " + value + " is not a finite number");
    }
    if (value < 0 && cannotBeNegative(metric, kind)) {
      return Optional.of("value " + value + " is negative; " + metric + " cannot be");
    }
    if (eventTime.isBefore(EARLIEST_PLAUSIBLE)) {
      return Optional.of("event time " + eventTime + " is before " + EARLIEST_PLAUSIBLE);
    }
    if (reference != null && eventTime.isAfter(reference.plus(maxFutureSkew))) {
      return Optional.of(
          "event time "
              + eventTime
              + " is more than "
              + maxFutureSkew
              + " after stream time "
              + reference);
    }
    return Optional.empty();
  }

  private static boolean cannotBeNegative(String metric, MetricKind kind) {
    return kind != MetricKind.GAUGE || MetricNames.NON_NEGATIVE.contains(metric);
  }
}
