package io.headroom.core.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrivals counted between two lag readings, gathered into the forecaster's steps (aligned to the
 * epoch, as the trace steps the backtest feeds). The rate between two readings is taken as even, so
 * an interval that spans a step boundary is shared in proportion to time. A step the readings
 * covered only in part (the first one after a start, one around a failed reading) is scaled to the
 * whole step at the rate seen, so it does not read as a drop in arrivals. A long interval (the job
 * was down, readings failed) is spread evenly over the steps it spans: the best the two readings
 * tell.
 *
 * @param stepMillis the step length
 * @param start the start of the step being gathered (epoch ms), {@link #NONE} between steps
 * @param items arrivals counted in it so far
 * @param covered how much of it the readings covered, ms
 */
public record ArrivalSteps(long stepMillis, long start, double items, long covered) {
  public static final long NONE = Long.MIN_VALUE;

  /** One completed step: its start and the arrivals in it. */
  public record Step(Instant start, double arrivals) {}

  /** The steps after an interval was added, and those it completed, oldest first. */
  public record Added(ArrivalSteps steps, List<Step> completed) {}

  public ArrivalSteps {
    if (stepMillis < 1000) {
      throw new IllegalArgumentException("stepMillis: " + stepMillis + " must be >= 1000");
    }
  }

  public static ArrivalSteps empty(Duration step) {
    return new ArrivalSteps(step.toMillis(), NONE, 0, 0);
  }

  /** {@code arrived} items between the readings at {@code from} and {@code to} (epoch ms). */
  public Added add(long from, long to, long arrived) {
    if (to <= from) {
      throw new IllegalArgumentException("interval: " + from + ".." + to + " must be forward");
    }
    List<Step> completed = new ArrayList<>();
    ArrivalSteps current = this;
    for (long t = from; t < to; ) {
      long stepStart = Math.floorDiv(t, stepMillis) * stepMillis;
      long end = Math.min(to, stepStart + stepMillis);
      if (current.start != stepStart) {
        if (current.start != NONE) {
          completed.add(current.completed());
        }
        current = new ArrivalSteps(stepMillis, stepStart, 0, 0);
      }
      double share = arrived * (double) (end - t) / (to - from);
      current =
          new ArrivalSteps(stepMillis, stepStart, current.items + share, current.covered + end - t);
      t = end;
    }
    if (current.start != NONE && to >= current.start + stepMillis) {
      completed.add(current.completed());
      current = new ArrivalSteps(stepMillis, NONE, 0, 0);
    }
    return new Added(current, completed);
  }

  private Step completed() {
    return new Step(Instant.ofEpochMilli(start), items * stepMillis / covered);
  }
}
