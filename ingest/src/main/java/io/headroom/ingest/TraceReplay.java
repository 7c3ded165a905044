package io.headroom.ingest;

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
 * @param shiftToRecent move the points by whole weeks so they end in the week before now ({@link
 *     TraceSlice#shiftToRecent}), for topics and tables with time-based retention
 */
public record TraceReplay(
    String service,
    Instant from,
    Duration length,
    double speedup,
    double capacity,
    boolean shiftToRecent) {

  /**
   * Publishes the replay; says on {@code progress} what it replays and how far it got.
   *
   * @param traceName the trace's name in messages (its file name)
   * @param now the wall clock, read only to shift the trace to recent weeks
   * @return the number of events produced
   * @throws IllegalArgumentException when the chosen range holds no trace row
   */
  public long publish(
      ProducerSettings producer, Trace trace, String traceName, Instant now, PrintStream progress) {
    if (trace.skippedRows() > 0) {
      progress.printf("skipped %,d bad rows of %s%n", trace.skippedRows(), traceName);
    }
    List<TracePoint> points = TraceSlice.window(trace.points(), from, length);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no trace rows in the chosen range of " + traceName);
    }
    if (shiftToRecent) {
      points = TraceSlice.shiftToRecent(points, now);
    }
    progress.printf(
        "replaying %,d steps of %s (%s .. %s) as service '%s'%n",
        points.size(),
        traceName,
        points.get(0).timestamp(),
        points.get(points.size() - 1).timestamp(),
        service);
    SimulatedService simulated =
        new SimulatedService(service, ServiceProfile.defaults(capacity), service.hashCode());
    try (MetricsProducer out = new MetricsProducer(producer)) {
      return new WorkloadPublisher(out, speedup, progress)
          .publish(List.of(simulated), List.of(points), trace.step());
    }
  }
}
