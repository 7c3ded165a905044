package io.headroom.ingest;

import io.headroom.core.metric.MetricSample;
import io.headroom.core.metric.MetricValidator;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.SimulatedService;
import io.headroom.schemas.MetricEventMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns load points (a replayed trace or synthetic traffic) into a simulated service's metric
 * events and publishes them, pacing event time at {@code speedup} × real time (0 = as fast as
 * possible). Event ids derive from service, instance, metric, time and position, so a replay of the
 * same input produces the same ids and storage deduplicates them. Each event is also judged by
 * core's {@link MetricValidator}, as the percentile app will judge it, so the caller can say how
 * many will be refused instead of reporting a replay that aggregates nothing as a success.
 */
public final class WorkloadPublisher {
  private final MetricsProducer producer;
  private final double speedup;
  private final PrintStream progressOut;
  private final MetricValidator validator = MetricValidator.withDefaults();

  public WorkloadPublisher(MetricsProducer producer, double speedup, PrintStream progressOut) {
    if (speedup < 0 || !Double.isFinite(speedup)) {
      throw new IllegalArgumentException(
          "speedup must be >= 0 (0 = as fast as possible), was " + speedup);
    }
    this.producer = producer;
    this.speedup = speedup;
    this.progressOut = progressOut;
  }

  /** Publishes the points for each service in step order. */
  public PublishReport publish(
      List<SimulatedService> services, List<List<TracePoint>> loads, Duration step) {
    int steps = loads.stream().mapToInt(List::size).max().orElse(0);
    Progress progress = new Progress(progressOut, Duration.ofSeconds(5));
    long events = 0;
    long rejected = 0;
    String firstRejection = null;
    long startNanos = System.nanoTime();
    Instant firstTime = null;
    Instant lastTime = null;
    for (int i = 0; i < steps; i++) {
      for (int s = 0; s < services.size(); s++) {
        List<TracePoint> load = loads.get(s);
        if (i >= load.size()) {
          continue;
        }
        TracePoint point = load.get(i);
        firstTime = firstTime == null ? point.timestamp() : firstTime;
        lastTime = point.timestamp();
        pace(startNanos, firstTime, point.timestamp());
        List<MetricSample> samples = services.get(s).step(point.timestamp(), step, point.value());
        for (int k = 0; k < samples.size(); k++) {
          MetricSample sample = samples.get(k);
          // Stream time is the newest event time so far: the events go out in time order.
          Optional<String> problem = validator.problem(sample, lastTime);
          if (problem.isPresent()) {
            rejected++;
            firstRejection = firstRejection == null ? problem.get() : firstRejection;
          }
          producer.send(MetricEventMapper.toEvent(MetricEventMapper.stableId(sample, k), sample));
        }
        events += samples.size();
      }
      progress.maybePrint(i + 1, steps, events, lastTime);
    }
    producer.flush();
    progress.print(steps, steps, events, lastTime);
    return new PublishReport(events, rejected, firstRejection);
  }

  private void pace(long startNanos, Instant firstTime, Instant eventTime) {
    if (speedup == 0) {
      return;
    }
    long dueNanos = (long) (Duration.between(firstTime, eventTime).toNanos() / speedup);
    long waitMillis = (dueNanos - (System.nanoTime() - startNanos)) / 1_000_000;
    if (waitMillis > 0) {
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
