package io.headroom.core.forecast;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How short windows become the steps of a long-horizon model (an hour of minute windows, say): a
 * long step's value is the sum of its windows, scaled up for missing ones ({@code sum × expected /
 * present}), and a step with fewer than half of its windows is skipped. A window of a long step
 * already closed teaches the short model only. The forecast job feeds its long model through this
 * rule and {@code forecast-backtest --aggregate} resamples a trace with it, so both forecast the
 * same series.
 *
 * @param start start (epoch ms) of the open long step, {@link #NONE} when none is open
 * @param sum the open step's window values summed
 * @param windows windows in the open step
 * @param lastClosed start of the last long step closed, {@link #NONE} before any
 */
public record LongStepBucket(long start, double sum, int windows, long lastClosed) {
  public static final long NONE = Long.MIN_VALUE;
  public static final LongStepBucket EMPTY = new LongStepBucket(NONE, 0, 0, NONE);

  /**
   * The bucket after a change, and the long step it closed (null: none, or skipped for too few
   * windows).
   */
  public record Change(LongStepBucket bucket, TracePoint closed) {}

  /** Adds the window starting at {@code windowStart} (epoch ms). */
  public Change add(long windowStart, double value, long longStepMillis, long stepMillis) {
    long step = Math.floorDiv(windowStart, longStepMillis) * longStepMillis;
    LongStepBucket current = this;
    TracePoint closed = null;
    if (start != NONE && start != step) {
      Change change = close(longStepMillis, stepMillis);
      current = change.bucket();
      closed = change.closed();
    }
    if (step <= current.lastClosed) {
      return new Change(current, closed);
    }
    double base = current.start == NONE ? 0 : current.sum;
    int count = current.start == NONE ? 0 : current.windows;
    return new Change(
        new LongStepBucket(step, base + value, count + 1, current.lastClosed), closed);
  }

  /** Closes the open step when it ends at or before {@code time} (epoch ms). */
  public Change closeBefore(long time, long longStepMillis, long stepMillis) {
    if (start != NONE && start + longStepMillis <= time) {
      return close(longStepMillis, stepMillis);
    }
    return new Change(this, null);
  }

  private Change close(long longStepMillis, long stepMillis) {
    int expected = (int) (longStepMillis / stepMillis);
    TracePoint closed =
        windows * 2 >= expected
            ? new TracePoint(Instant.ofEpochMilli(start), sum * expected / windows)
            : null;
    return new Change(new LongStepBucket(NONE, 0, 0, start), closed);
  }

  /**
   * {@code trace} in steps of {@code longStep}, by this rule; the last long step counts when it
   * ends by the trace's end.
   *
   * @throws IllegalArgumentException when {@code longStep} is not a multiple of the trace's step
   */
  public static Trace resample(Trace trace, Duration longStep) {
    long stepMillis = trace.step().toMillis();
    long longMillis = longStep.toMillis();
    if (longMillis < stepMillis || longMillis % stepMillis != 0) {
      throw new IllegalArgumentException(
          "aggregate: " + longStep + " must be a multiple of the trace's step " + trace.step());
    }
    List<TracePoint> points = new ArrayList<>();
    LongStepBucket bucket = EMPTY;
    long end = Long.MIN_VALUE;
    for (TracePoint point : trace.points()) {
      long start = point.timestamp().toEpochMilli();
      Change change = bucket.add(start, point.value(), longMillis, stepMillis);
      bucket = change.bucket();
      if (change.closed() != null) {
        points.add(change.closed());
      }
      end = start + stepMillis;
    }
    Change last = bucket.closeBefore(end, longMillis, stepMillis);
    if (last.closed() != null) {
      points.add(last.closed());
    }
    return new Trace(points, longStep, trace.skippedRows());
  }
}
