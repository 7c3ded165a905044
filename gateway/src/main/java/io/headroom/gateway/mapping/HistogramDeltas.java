package io.headroom.gateway.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the points of cumulative histograms into the histograms of their intervals, one series at a
 * time: a point less the previous point of its series. A point with fewer samples than the previous
 * one (in total or in any bucket), or with another start time, means the source restarted in
 * between: the point itself is the interval's histogram, as {@link CounterRates} reads a counter
 * that went down.
 *
 * <p>State is the last point of each series, at most {@code maxSeries} of them, least recently
 * updated forgotten first (a few KiB each for exponential histograms of 160 buckets). Not
 * thread-safe; the caller serialises access.
 */
public final class HistogramDeltas {
  /** What one point gave; {@code interval} is null unless {@code kind} is RATE or RESET. */
  public record Step(CounterRates.Step.Kind kind, HistogramCounts interval) {}

  private record Last(long startNanos, long timeNanos, HistogramCounts point) {}

  private final LinkedHashMap<String, Last> last;

  public HistogramDeltas(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries: " + maxSeries + " must be >= 1");
    }
    this.last =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
            return size() > maxSeries;
          }
        };
  }

  public Step next(String series, long startNanos, long timeNanos, HistogramCounts point) {
    Last previous = last.get(series);
    if (previous != null && timeNanos <= previous.timeNanos()) {
      return new Step(CounterRates.Step.Kind.NOT_NEWER, null);
    }
    last.put(series, new Last(startNanos, timeNanos, point));
    if (previous == null || !point.comparableTo(previous.point())) {
      // Nothing to subtract: the point covers an interval of unknown length (maybe since a start
      // days ago), which no window should receive at once.
      return new Step(CounterRates.Step.Kind.FIRST, null);
    }
    boolean restarted = startNanos != 0 && startNanos != previous.startNanos();
    HistogramCounts interval = restarted ? null : point.minus(previous.point());
    if (interval == null) {
      return new Step(CounterRates.Step.Kind.RESET, point);
    }
    return new Step(CounterRates.Step.Kind.RATE, interval);
  }

  /** Drops the state of a series that ended. */
  public void forget(String series) {
    last.remove(series);
  }

  public int size() {
    return last.size();
  }
}
