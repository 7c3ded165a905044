package io.headroom.streams;

import io.headroom.core.metric.MetricValidator;
import io.headroom.schemas.MetricEventMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Why an event must not be aggregated, if it must not: the core validator's rules, plus lateness.
 * Stream time is the newest event time among accepted events, so a single event from the far future
 * must never be accepted: it would close every window and make every later event late. The
 * validator rejects events too far ahead of stream time and, for a partition that has none yet, of
 * the wall clock.
 */
final class EventCheck {
  private static final String LATE_PREFIX = "late:";

  private final MetricValidator validator;
  private final long windowMillis;
  private final long graceMillis;

  EventCheck(StreamsSettings settings, Clock clock) {
    this.validator =
        new MetricValidator(settings.maxFutureSkew(), settings.maxAheadOfWallClock(), clock);
    this.windowMillis = settings.smallestWindow().toMillis();
    this.graceMillis = settings.grace().toMillis();
  }

  /**
   * The reason to reject {@code event}, judged against {@code streamTime} (Long.MIN_VALUE before
   * the first event).
   */
  Optional<String> problem(Observation event, long streamTime) {
    Instant reference = streamTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(streamTime);
    Optional<String> problem =
        validator.problem(
            event.service(),
            event.metric(),
            MetricEventMapper.toCoreKind(event.kind()),
            event.value(),
            Instant.ofEpochMilli(event.eventTimeMillis()),
            reference);
    if (problem.isPresent()) {
      return problem;
    }
    long windowStart = WindowKey.startOf(windowMillis, event.eventTimeMillis());
    if (streamTime != Long.MIN_VALUE && windowStart + windowMillis + graceMillis <= streamTime) {
      return Optional.of(
          LATE_PREFIX
              + " window starting "
              + Instant.ofEpochMilli(windowStart)
              + " closed (grace "
              + graceMillis
              + " ms) at stream time "
              + Instant.ofEpochMilli(streamTime));
    }
    return Optional.empty();
  }

  static boolean isLate(String problem) {
    return problem.startsWith(LATE_PREFIX);
  }
}
