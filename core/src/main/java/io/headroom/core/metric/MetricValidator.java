package io.headroom.core.metric;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a decoded sample makes sense. Returns the reason it does not, which the streaming
 * path writes to the dead-letter topic's headers; a valid sample yields empty.
 *
 * <p>Event time is judged against two references. Stream time (the newest accepted event time)
 * keeps one far-ahead event from closing every open window; the wall clock catches the same event
 * when there is no stream time yet (a fresh partition), where it would otherwise become the stream
 * time and turn every later, valid event into a late one.
 */
public final class MetricValidator {
  /** Samples before this are taken as clock or unit errors (seconds sent as millis, say). */
  public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");

  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

  /**
   * An hour covers producers whose clocks drift or sit in the wrong time zone by a few minutes,
   * while a unit error (micros as millis) or a wrong year is still caught.
   */
  public static final Duration DEFAULT_MAX_AHEAD_OF_CLOCK = Duration.ofHours(1);

  private final Duration maxFutureSkew;
  private final Duration maxAheadOfClock;
  private final Clock clock;

  /**
   * @param maxFutureSkew how far ahead of the reference time (the stream's own event time) a sample
   *     may be before it is rejected as far outside the window
   * @param maxAheadOfClock how far ahead of {@code clock} a sample may be
   * @param clock the wall clock
   */
  public MetricValidator(Duration maxFutureSkew, Duration maxAheadOfClock, Clock clock) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0, was " + maxFutureSkew);
    }
    if (maxAheadOfClock.isNegative()) {
      throw new IllegalArgumentException("maxAheadOfClock must be >= 0, was " + maxAheadOfClock);
    }
    this.maxFutureSkew = maxFutureSkew;
    this.maxAheadOfClock = maxAheadOfClock;
    this.clock = clock;
  }

  public static MetricValidator withDefaults() {
    return new MetricValidator(
        DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AHEAD_OF_CLOCK, Clock.systemUTC());
  }

  /** True when every sample at {@code eventTime} is rejected, whatever its value. */
  public static boolean beforeEarliestPlausible(Instant eventTime) {
    return eventTime.isBefore(EARLIEST_PLAUSIBLE);
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
    if (beforeEarliestPlausible(eventTime)) {
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
    Instant now = clock.instant();
    if (eventTime.isAfter(now.plus(maxAheadOfClock))) {
      return Optional.of(
          "event time "
              + eventTime
              + " is more than "
              + maxAheadOfClock
              + " after the wall clock "
              + now);
    }
    return Optional.empty();
  }

  private static boolean cannotBeNegative(String metric, MetricKind kind) {
    return kind != MetricKind.GAUGE || MetricNames.NON_NEGATIVE.contains(metric);
  }
}
