package io.headroom.ingest;

import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Chooses the part of a trace to replay and where in time to put it. */
public final class TraceSlice {
  private TraceSlice() {}

  /** Points in {@code [from, from + length)}; {@code from} null means the trace's start. */
  public static List<TracePoint> window(List<TracePoint> points, Instant from, Duration length) {
    if (points.isEmpty()) {
      return points;
    }
    Instant start = from == null ? points.get(0).timestamp() : from;
    Instant end = length == null ? Instant.MAX : start.plus(length);
    return points.stream()
        .filter(p -> !p.timestamp().isBefore(start) && p.timestamp().isBefore(end))
        .toList();
  }

  /**
   * Shifts the points by whole weeks so the last one falls in the week before {@code now}: time of
   * day and day of week stay as recorded, and the data is recent enough for retention rules.
   */
  public static List<TracePoint> shiftToRecent(List<TracePoint> points, Instant now) {
    if (points.isEmpty()) {
      return points;
    }
    Duration week = Duration.ofDays(7);
    long weeks =
        Duration.between(points.get(points.size() - 1).timestamp(), now).toSeconds()
            / week.toSeconds();
    Duration shift = week.multipliedBy(Math.max(0, weeks));
    return points.stream().map(p -> new TracePoint(p.timestamp().plus(shift), p.value())).toList();
  }
}
