package io.headroom.cli;

import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.TraceSlice;
import io.headroom.ingest.WorkloadPublisher;
import io.headroom.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay a timestamp,value trace as a simulated service's metric events: requests, latency samples",
        "that widen as utilization rises, CPU %, memory %, queue depth, error rate and replicas."})
final class ReplayCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Option(names = "--trace", required = true, paramLabel = "FILE", description = "CSV trace timestamp,value (.gz allowed)")
  Path trace;

  @Option(names = "--service", defaultValue = "nasa-web", description = "Service name (default: ${DEFAULT-VALUE})")
  String service;

  @Option(names = "--from", paramLabel = "ISO_TIME", description = "Replay from this time (default: the trace's start)")
  Instant from;

  @Option(names = "--duration", paramLabel = "DURATION", description = "How much of the trace to replay, e.g. 3d (default: all)")
  String duration;

  @Option(names = "--speedup", defaultValue = "0",
      description = "Event time runs this many times faster than real time; 0 = as fast as possible (default)")
  double speedup;

  @Option(names = "--capacity", defaultValue = "60",
      description = "Requests per step one simulated replica serves at 100 % CPU (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(names = "--shift-to-recent", description = "Move the trace by whole weeks so it ends in the past week")
  boolean shiftToRecent;

  @Mixin TraceInputOptions traceInput;

  @Option(names = "--topic", defaultValue = Topics.METRICS_RAW, description = "Topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Override
  public Integer call() throws Exception {
    long events = replay(connection.bootstrapServers(), topic, trace, service, from,
        duration == null ? null : DurationText.parse(duration), speedup, capacity, shiftToRecent, traceInput);
    System.out.printf("Replayed %,d events of service '%s' to %s.%n", events, service, topic);
    return 0;
  }

  static long replay(String bootstrap, String topic, Path tracePath, String service, Instant from, Duration length,
      double speedup, double capacity, boolean shiftToRecent, TraceInputOptions traceInput) throws Exception {
    Trace trace = traceInput.read(tracePath);
    if (trace.skippedRows() > 0) {
      System.err.printf("skipped %,d bad rows of %s%n", trace.skippedRows(), tracePath);
    }
    List<TracePoint> points = TraceSlice.window(trace.points(), from, length);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no trace rows in the chosen range of " + tracePath);
    }
    if (shiftToRecent) {
      points = TraceSlice.shiftToRecent(points, Instant.now());
    }
    System.err.printf("replaying %,d steps of %s (%s .. %s) as service '%s'%n", points.size(), tracePath.getFileName(),
        points.get(0).timestamp(), points.get(points.size() - 1).timestamp(), service);
    SimulatedService simulated = new SimulatedService(service, ServiceProfile.defaults(capacity), service.hashCode());
    try (MetricsProducer producer = new MetricsProducer(new ProducerSettings(bootstrap, topic))) {
      return new WorkloadPublisher(producer, speedup, System.err).publish(List.of(simulated), List.of(points), trace.step());
    }
  }
}
