package io.headroom.ingest;

import io.headroom.core.metric.MetricValidator;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Replays a {@code timestamp,value} trace as one simulated service's metric events: requests,
 * latency samples that widen as utilization rises, CPU %, memory %, queue depth, error rate and
 * replicas (core's {@link SimulatedService}). {@code ./headroom ingest replay} and the demo run it.
 *
 * @param service the simulated service's name (its hash seeds the simulation)
 * @param from start of the replayed part; null: the trace's start
 * @param length how much of the trace to replay; null: all of it
 * @param speedup event time runs this many times faster than real time; 0: as fast as possible
 * @param capacity requests per step one simulated replica serves at 100 % CPU
 * @param timeShift whether the points move by whole weeks so they end in the week before now
 *     ({@link TraceSlice#shiftToRecent})
 */
public record TraceReplay(
    String service,
    Instant from,
    Duration length,
    double speedup,
    double capacity,
    TimeShift timeShift) {

  /** Where in time the replayed points go. */
  public enum TimeShift {
    /**
     * Shift a trace only when it starts before the earliest time the percentile app accepts
     * (2000-01-01, {@link MetricValidator#EARLIEST_PLAUSIBLE}): as recorded, every event of it
     * would be refused, so a replay of a public trace from the nineties would aggregate nothing.
     */
    IF_ANCIENT,
    /** Always shift: for topics and tables with time-based retention. */
    ALWAYS,
    /** Keep the recorded times, even where the percentile app will refuse them. */
    NEVER
  }

  /** {@code shiftToRecent} true: {@link TimeShift#ALWAYS}; false: {@link TimeShift#IF_ANCIENT}. */
  public TraceReplay(
      String service,
      Instant from,
      Duration length,
      double speedup,
      double capacity,
      boolean shiftToRecent) {
    this(
        service,
        from,
        length,
        speedup,
        capacity,
        shiftToRecent ? TimeShift.ALWAYS : TimeShift.IF_ANCIENT);
  }

  /**
   * {@link #replay}, for callers that only need the number of events produced.
   *
   * @throws IllegalArgumentException when the chosen range holds no trace row
   */
  public long publish(
      ProducerSettings producer, Trace trace, String traceName, Instant now, PrintStream progress) {
    return replay(producer, trace, traceName, now, progress).events();
  }

  /**
   * Publishes the replay; says on {@code progress} what it replays and how far it got.
   *
   * @param traceName the trace's name in messages (its file name)
   * @param now the wall clock, read only to shift the trace to recent weeks
   * @return the events produced, and how many of them the percentile app will refuse
   * @throws IllegalArgumentException when the chosen range holds no trace row
   */
  public PublishReport replay(
      ProducerSettings producer, Trace trace, String traceName, Instant now, PrintStream progress) {
    List<TracePoint> points = placedPoints(trace, traceName, now, progress);
    try (MetricsProducer out = new MetricsProducer(producer)) {
      return publish(out, points, trace.step(), progress);
    }
  }

  /** {@link #replay} to a producer the caller opened (and closes). */
  PublishReport replay(
      MetricsProducer out, Trace trace, String traceName, Instant now, PrintStream progress) {
    return publish(out, placedPoints(trace, traceName, now, progress), trace.step(), progress);
  }

  private List<TracePoint> placedPoints(
      Trace trace, String traceName, Instant now, PrintStream progress) {
    if (trace.skippedRows() > 0) {
      progress.printf("skipped %,d bad rows of %s%n", trace.skippedRows(), traceName);
    }
    List<TracePoint> points = TraceSlice.window(trace.points(), from, length);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no trace rows in the chosen range of " + traceName);
    }
    boolean ancient = MetricValidator.beforeEarliestPlausible(points.get(0).timestamp());
    if (timeShift == TimeShift.ALWAYS || (timeShift == TimeShift.IF_ANCIENT && ancient)) {
      points = TraceSlice.shiftToRecent(points, now);
      if (timeShift == TimeShift.IF_ANCIENT) {
        progress.printf(
            "%s starts before %s, which the percentile app refuses as a clock error: shifted by"
                + " whole weeks to end in the past week%n",
            traceName, MetricValidator.EARLIEST_PLAUSIBLE);
      }
    }
    progress.printf(
        "replaying %,d steps of %s (%s .. %s) as service '%s'%n",
        points.size(),
        traceName,
        points.get(0).timestamp(),
        points.get(points.size() - 1).timestamp(),
        service);
    return points;
  }

  private PublishReport publish(
      MetricsProducer out, List<TracePoint> points, Duration step, PrintStream progress) {
    SimulatedService simulated =
        new SimulatedService(service, ServiceProfile.defaults(capacity), service.hashCode());
    return new WorkloadPublisher(out, speedup, progress)
        .publish(List.of(simulated), List.of(points), step);
  }
}
