package io.headroom.cli;

import io.headroom.core.trace.Trace;
import io.headroom.ingest.TraceReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a timestamp,value trace as a simulated service's metric events: requests, latency samples",
      "that widen as utilization rises, CPU %, memory %, queue depth, error rate and replicas."
    })
final class ReplayCommand implements Callable<Integer> {
  @Mixin PublishOptions publish;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "CSV trace timestamp,value (.gz allowed)")
  Path trace;

  @Option(
      names = "--service",
      defaultValue = "nasa-web",
      description = "Service name (default: ${DEFAULT-VALUE})")
  String service;

  @Option(
      names = "--from",
      paramLabel = "ISO_TIME",
      description = "Replay from this time (default: the trace's start)")
  Instant from;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How much of the trace to replay, e.g. 3d (default: all)")
  Duration duration;

  @Option(
      names = "--capacity",
      defaultValue = "60",
      description =
          "Requests per step one simulated replica serves at 100 % CPU (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(
      names = "--shift-to-recent",
      description = "Move the trace by whole weeks so it ends in the past week")
  boolean shiftToRecent;

  @Mixin TraceInputOptions traceInput;

  @Override
  public Integer call() throws Exception {
    Trace loaded = traceInput.read(trace);
    long events =
        new TraceReplay(service, from, duration, publish.speedup, capacity, shiftToRecent)
            .publish(
                publish.producer(),
                loaded,
                trace.getFileName().toString(),
                Instant.now(),
                System.err);
    System.out.printf(
        "Replayed %,d events of service '%s' to %s.%n", events, service, publish.topic);
    return 0;
  }
}
