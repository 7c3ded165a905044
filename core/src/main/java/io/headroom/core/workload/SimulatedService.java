package io.headroom.core.workload;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricNames;
import io.headroom.core.metric.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A service under load, for replaying traces and synthesising traffic: each step's offered load
 * (requests in the step) becomes the metrics a real deployment would emit — requests per instance,
 * CPU and memory per instance, replicas, queue depth, error rate, and latency samples whose median
 * and spread grow as utilization approaches 1 (queueing: latency ~ 1/(1 - rho)). Deterministic for
 * a given seed.
 */
public final class SimulatedService {
  private final String service;
  private final ServiceProfile profile;
  private final SplittableRandom random;

  public SimulatedService(String service, ServiceProfile profile, long seed) {
    this.service = service;
    this.profile = profile;
    this.random = new SplittableRandom(seed);
  }

  public String service() {
    return service;
  }

  /**
   * Replicas the simulated deployment runs for this load: enough to stay at the target utilization.
   */
  public int replicasFor(double load) {
    return Math.max(
        1, (int) Math.ceil(load / (profile.capacityPerReplica() * profile.targetUtilization())));
  }

  /**
   * The samples of one step of {@code step} length starting at {@code start} with {@code load}
   * requests.
   */
  public List<MetricSample> step(Instant start, Duration step, double load) {
    int replicas = replicasFor(load);
    double utilization = Math.min(1.0, load / (replicas * profile.capacityPerReplica()));
    List<MetricSample> samples =
        new ArrayList<>(4 * replicas + profile.latencySamplesPerStep() + 3);
    long stepMillis = step.toMillis();
    Instant sampledAt = start.plusMillis(stepMillis - 1);
    for (int i = 0; i < replicas; i++) {
      String instance = service + "-" + i;
      double share = load / replicas;
      double cpu = clampPercent(100 * utilization * (1 + 0.05 * random.nextGaussian()));
      double memory =
          clampPercent(profile.baseMemoryPercent() + 40 * utilization + 2 * random.nextGaussian());
      samples.add(
          sample(
              instance,
              MetricNames.REQUESTS,
              MetricKind.COUNTER,
              Math.round(share),
              "requests",
              sampledAt));
      samples.add(
          sample(instance, MetricNames.CPU_PERCENT, MetricKind.GAUGE, cpu, "percent", sampledAt));
      samples.add(
          sample(
              instance,
              MetricNames.MEMORY_PERCENT,
              MetricKind.GAUGE,
              memory,
              "percent",
              sampledAt));
    }
    samples.add(
        sample(service, MetricNames.REPLICAS, MetricKind.GAUGE, replicas, "replicas", sampledAt));
    double backlog = Math.max(0, load - replicas * profile.capacityPerReplica());
    double queueDepth = backlog + utilization * utilization / Math.max(0.05, 1 - utilization);
    samples.add(
        sample(
            service, MetricNames.QUEUE_DEPTH, MetricKind.GAUGE, queueDepth, "messages", sampledAt));
    double errorRate =
        Math.min(1, 0.001 + Math.max(0, utilization - 0.9) * 0.5 + backlog / Math.max(1, load));
    samples.add(
        sample(service, MetricNames.ERROR_RATE, MetricKind.GAUGE, errorRate, "ratio", sampledAt));
    addLatencySamples(samples, start, stepMillis, load, utilization);
    return samples;
  }

  private void addLatencySamples(
      List<MetricSample> samples, Instant start, long stepMillis, double load, double utilization) {
    int count = (int) Math.min(Math.round(load), profile.latencySamplesPerStep());
    // Queueing delay grows like rho/(1-rho); capped so a saturated service stays finite.
    double rho = Math.min(utilization, 0.97);
    double median = profile.baseLatencyMs() * (1 + rho / (1 - rho));
    double sigma = 0.25 + 0.6 * rho;
    for (int i = 0; i < count; i++) {
      double latency = median * Math.exp(sigma * random.nextGaussian());
      Instant at = start.plusMillis(random.nextLong(Math.max(1, stepMillis)));
      samples.add(
          sample(
              service + "-" + (i % replicasFor(load)),
              MetricNames.LATENCY_MS,
              MetricKind.LATENCY_SAMPLE,
              latency,
              "ms",
              at));
    }
  }

  private MetricSample sample(
      String instance, String metric, MetricKind kind, double value, String unit, Instant at) {
    return new MetricSample(service, instance, metric, kind, value, unit, at);
  }

  private static double clampPercent(double value) {
    return Math.max(0, Math.min(100, value));
  }
}
