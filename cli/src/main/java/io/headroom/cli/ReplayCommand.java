package io.headroom.cli;

import io.headroom.core.trace.Trace;
import io.headroom.ingest.PublishReport;
import io.headroom.ingest.TraceReplay;
import io.headroom.ingest.TraceReplay.TimeShift;
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
      "that widen as utilization rises, CPU %%, memory %%, queue depth, error rate and replicas.",
      "A trace from before 2000 (which the percentile app refuses as a clock error) is shifted by whole",
      "weeks to end in the past week; --no-shift keeps its times. Exits 1 when the percentile app will",
      "refuse every event."
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
          "Requests per step one simulated replica serves at 100 %% CPU (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(
      names = "--shift-to-recent",
      description =
          "Move the trace by whole weeks so it ends in the past week, whenever it was recorded"
              + " (default: only a trace from before 2000)")
  boolean shiftToRecent;

  @Option(names = "--no-shift", description = "Keep the trace's recorded times, even before 2000")
  boolean noShift;

  @Mixin TraceInputOptions traceInput;

  @Override
  public Integer call() throws Exception {
    if (shiftToRecent && noShift) {
      throw new IllegalArgumentException("--shift-to-recent and --no-shift exclude each other");
    }
    TimeShift shift =
        shiftToRecent ? TimeShift.ALWAYS : noShift ? TimeShift.NEVER : TimeShift.IF_ANCIENT;
    Trace loaded = traceInput.read(trace);
    PublishReport report =
        new TraceReplay(service, from, duration, publish.speedup, capacity, shift)
            .replay(
                publish.producer(),
                loaded,
                trace.getFileName().toString(),
                Instant.now(),
                System.err);
    System.out.printf(
        "Replayed %,d events of service '%s' to %s.%n", report.events(), service, publish.topic);
    return publish.exitCode(
        report,
        noShift
            ? "; without --no-shift, a trace from before 2000 is replayed in recent weeks"
            : "");
  }
}
