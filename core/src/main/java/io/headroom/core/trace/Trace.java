package io.headroom.core.trace;

import java.time.Duration;
import java.util.List;

/**
 * A load trace at a regular step. Missing steps are gaps (absent from {@code points}), not zeros;
 * explicit zeros in the file stay zeros.
 *
 * @param points points in strictly increasing time order
 * @param step the regular step, inferred as the most common spacing between consecutive points
 * @param skippedRows bad rows skipped because the reader was asked to skip them (0 otherwise)
 */
public record Trace(List<TracePoint> points, Duration step, int skippedRows) {
  public Trace {
    points = List.copyOf(points);
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  public int size() {
    return points.size();
  }
}
