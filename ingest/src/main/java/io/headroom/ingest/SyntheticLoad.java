package io.headroom.ingest;

import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.core.workload.SyntheticTraffic;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily and weekly seasonal traffic with trend and noise (core's {@link SyntheticTraffic}) for
 * {@code services} simulated services, {@code svc-1}, {@code svc-2}, ..., published as their metric
 * events. The services differ in size (1×, 1.5×, 2×, ... the base load) so their capacity plans
 * differ too. {@code ./headroom ingest synth} runs it.
 *
 * @param span event time generated
 * @param step time between load points
 * @param baseLoad mean requests per step of the first service
 * @param dailyAmplitude relative daily swing, 0..1
 * @param weekendFactor weekend load relative to weekdays
 * @param trendPerDay relative growth per day
 * @param noise relative noise
 * @param start first event time; null: {@code span} before now, on the hour
 * @param capacity requests per step one replica serves
 * @param speedup event time runs this many times faster than real time; 0: as fast as possible
 * @param seed random seed
 */
public record SyntheticLoad(
    int services,
    Duration span,
    Duration step,
    double baseLoad,
    double dailyAmplitude,
    double weekendFactor,
    double trendPerDay,
    double noise,
    Instant start,
    double capacity,
    double speedup,
    long seed) {

  public SyntheticLoad {
    if (services < 1) {
      throw new IllegalArgumentException("services: " + services + " must be >= 1");
    }
    if (step.isZero() || step.isNegative() || span.compareTo(step) < 0) {
      throw new IllegalArgumentException("duration must be at least one step, and step > 0");
    }
  }

  /**
   * Publishes every service's events; says on {@code progress} what it generates and how far it
   * got.
   *
   * @param now the wall clock, read only when there is no {@code start}
   */
  public PublishReport publish(ProducerSettings producer, Instant now, PrintStream progress) {
    Instant first = start != null ? start : now.minus(span).truncatedTo(ChronoUnit.HOURS);
    int steps = (int) (span.toSeconds() / step.toSeconds());
    List<SimulatedService> simulated = new ArrayList<>();
    List<List<TracePoint>> loads = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      SyntheticTraffic traffic =
          new SyntheticTraffic(
              baseLoad * (1 + 0.5 * i), dailyAmplitude, weekendFactor, trendPerDay, noise);
      simulated.add(
          new SimulatedService("svc-" + (i + 1), ServiceProfile.defaults(capacity), seed + i));
      loads.add(traffic.generate(first, step, steps, seed * 31 + i));
    }
    progress.printf(
        "generating %,d steps of %s for %d services from %s%n", steps, step, services, first);
    try (MetricsProducer out = new MetricsProducer(producer)) {
      return new WorkloadPublisher(out, speedup, progress).publish(simulated, loads, step);
    }
  }
}
