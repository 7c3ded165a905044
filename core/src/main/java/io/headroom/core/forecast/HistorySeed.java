package io.headroom.core.forecast;

import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which stored history points seed a forecasting model before it goes live (warm start), so that a
 * series with two weeks of history is forecast, and earns trust from its own errors on that
 * history, at once.
 *
 * <p>The rule: points are taken in time order, one per timestamp (the last one listed wins, as a
 * ReplacingMergeTree keeps the last insert), aligned to the model's step, finite and {@code >= 0};
 * only those after the model's last update (an online model cannot go back, and a point it has
 * learnt must not count twice) and before {@code liveFrom}, the first instant the live stream
 * delivers (the live stream will teach those, so history must not). Pure: no I/O.
 */
public final class HistorySeed {
  private HistorySeed() {}

  /**
   * The points that feed the model, in time order.
   *
   * @param history stored points in any order, possibly with duplicates
   * @param step the model's step; a point off the step grid is left out
   * @param lastLearnt the timestamp of the model's last update, or null when it has none
   * @param liveFrom points at or after this instant are left to the live stream; null: none are
   */
  public static List<TracePoint> select(
      List<TracePoint> history, Duration step, Instant lastLearnt, Instant liveFrom) {
    long stepMillis = step.toMillis();
    if (stepMillis <= 0) {
      throw new IllegalArgumentException("step must be > 0: " + step);
    }
    List<TracePoint> sorted = new ArrayList<>(history);
    // Stable: among equal timestamps the last listed stays last.
    sorted.sort(Comparator.comparing(TracePoint::timestamp));
    List<TracePoint> selected = new ArrayList<>(sorted.size());
    for (TracePoint p : sorted) {
      Instant t = p.timestamp();
      if (Math.floorMod(t.toEpochMilli(), stepMillis) != 0
          || !Double.isFinite(p.value())
          || p.value() < 0
          || (lastLearnt != null && t.toEpochMilli() < lastLearnt.toEpochMilli() + stepMillis)
          || (liveFrom != null && !t.isBefore(liveFrom))) {
        continue;
      }
      if (!selected.isEmpty() && selected.get(selected.size() - 1).timestamp().equals(t)) {
        selected.set(selected.size() - 1, p);
      } else {
        selected.add(p);
      }
    }
    return selected;
  }

  /**
   * Feeds {@code points} (from {@link #select}) to {@code model}, in order.
   *
   * @return how many the model took (a point it refuses is skipped)
   */
  public static int seed(LoadForecaster model, List<TracePoint> points) {
    int taken = 0;
    for (TracePoint p : points) {
      try {
        model.update(p.timestamp(), p.value());
        taken++;
      } catch (IllegalArgumentException e) {
        // Refused (e.g. not after its last update): the rule above keeps this from happening.
      }
    }
    return taken;
  }
}
