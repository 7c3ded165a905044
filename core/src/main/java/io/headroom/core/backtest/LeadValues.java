package io.headroom.core.backtest;

import io.headroom.core.scaling.PredictiveScaling;
import io.headroom.core.scaling.PredictiveScaling.LeadNeed;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The trace as an array of steps, for the {@link LeadBaseline}s: the seasonal-naive rule reads
 * values a day or a week before the lead (known at decision time), the oracle reads the future.
 */
final class LeadValues {
  private static final long DAY = 86_400;
  private static final long WEEK = 7 * DAY;

  private final double[] values; // per step from the first point; NaN in gaps
  private final long start;
  private final long stepSeconds;
  private final long leadSeconds;

  LeadValues(Trace trace, long stepSeconds, long leadSeconds) {
    List<TracePoint> points = trace.points();
    this.start = points.get(0).timestamp().getEpochSecond();
    this.stepSeconds = stepSeconds;
    this.leadSeconds = leadSeconds;
    long last = points.get(points.size() - 1).timestamp().getEpochSecond();
    values = new double[(int) ((last - start) / stepSeconds) + 1];
    Arrays.fill(values, Double.NaN);
    for (TracePoint p : points) {
      values[(int) ((p.timestamp().getEpochSecond() - start) / stepSeconds)] = p.value();
    }
  }

  /**
   * The baseline's need at {@code now}: over the steps overlapping {@code [now, now + lead]}, the
   * largest load it expects, turned into replicas at the target (seasonal naive) or at full
   * capacity (oracle).
   */
  LeadNeed need(LeadBaseline baseline, long now, double loadAtTarget, double capacity) {
    long first = Math.floorDiv(now - start, stepSeconds);
    long last = Math.floorDiv(now + leadSeconds - start, stepSeconds);
    double max = Double.NaN;
    for (long j = first; j <= last; j++) {
      double v =
          switch (baseline) {
            case ORACLE -> at(j);
            case SEASONAL_NAIVE -> {
              double dayAgo = at(j - DAY / stepSeconds);
              yield Double.isNaN(dayAgo) ? at(j - WEEK / stepSeconds) : dayAgo;
            }
          };
      if (!Double.isNaN(v) && !(v <= max)) {
        max = v;
      }
    }
    if (Double.isNaN(max)) {
      return new LeadNeed(0, 0, baseline.label() + ": no value over the lead");
    }
    double load = max * baseline.margin();
    double perReplica = baseline == LeadBaseline.ORACLE ? capacity : loadAtTarget;
    return new LeadNeed(
        PredictiveScaling.replicas(load, perReplica),
        load,
        String.format(Locale.ROOT, "%s needs %.1f over the lead", baseline.label(), load));
  }

  private double at(long index) {
    return index < 0 || index >= values.length ? Double.NaN : values[(int) index];
  }
}
