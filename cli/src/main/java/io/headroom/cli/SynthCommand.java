package io.headroom.cli;

import io.headroom.core.time.DurationText;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.core.workload.SyntheticTraffic;
import io.headroom.ingest.MetricsProducer;
import io.headroom.ingest.ProducerSettings;
import io.headroom.ingest.WorkloadPublisher;
import io.headroom.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Generate daily/weekly seasonal traffic with trend and noise for any number of services.")
final class SynthCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Option(names = "--services", defaultValue = "3", description = "Number of services (default: ${DEFAULT-VALUE})")
  int services;

  @Option(names = "--duration", defaultValue = "2d", description = "Span of event time to generate (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--step", defaultValue = "1m", description = "Step between load points (default: ${DEFAULT-VALUE})")
  String step;

  @Option(names = "--base-load", defaultValue = "200", description = "Mean requests per step of the first service (default: ${DEFAULT-VALUE})")
  double baseLoad;

  @Option(names = "--daily-amplitude", defaultValue = "0.6", description = "Relative daily swing, 0..1 (default: ${DEFAULT-VALUE})")
  double dailyAmplitude;

  @Option(names = "--weekend-factor", defaultValue = "0.6", description = "Weekend load relative to weekdays (default: ${DEFAULT-VALUE})")
  double weekendFactor;

  @Option(names = "--trend", defaultValue = "0.005", description = "Relative growth per day (default: ${DEFAULT-VALUE})")
  double trendPerDay;

  @Option(names = "--noise", defaultValue = "0.08", description = "Relative noise (default: ${DEFAULT-VALUE})")
  double noise;

  @Option(names = "--start", paramLabel = "ISO_TIME", description = "First event time (default: that long ago, on the hour)")
  Instant start;

  @Option(names = "--capacity", defaultValue = "100", description = "Requests per step one replica serves (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(names = "--speedup", defaultValue = "0", description = "Event-time speed-up; 0 = as fast as possible (default)")
  double speedup;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--topic", defaultValue = Topics.METRICS_RAW, description = "Topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Override
  public Integer call() throws Exception {
    if (services < 1) {
      throw new IllegalArgumentException("--services: " + services + " must be >= 1");
    }
    Duration span = DurationText.parse(duration);
    Duration stepSize = DurationText.parse(step);
    if (stepSize.isZero() || span.compareTo(stepSize) < 0) {
      throw new IllegalArgumentException("--duration must be at least one --step, and --step > 0");
    }
    Instant first = start != null ? start : Instant.now().minus(span).truncatedTo(ChronoUnit.HOURS);
    int steps = (int) (span.toSeconds() / stepSize.toSeconds());
    List<SimulatedService> simulated = new ArrayList<>();
    List<List<TracePoint>> loads = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      String name = "svc-" + (i + 1);
      // Services differ in size (1x, 1.5x, 2x, ...) so their capacity plans differ too.
      SyntheticTraffic traffic = new SyntheticTraffic(baseLoad * (1 + 0.5 * i), dailyAmplitude, weekendFactor, trendPerDay, noise);
      simulated.add(new SimulatedService(name, ServiceProfile.defaults(capacity), seed + i));
      loads.add(traffic.generate(first, stepSize, steps, seed * 31 + i));
    }
    System.err.printf("generating %,d steps of %s for %d services from %s%n", steps, stepSize, services, first);
    try (MetricsProducer producer = new MetricsProducer(new ProducerSettings(connection.bootstrapServers(), topic))) {
      long events = new WorkloadPublisher(producer, speedup, System.err).publish(simulated, loads, stepSize);
      System.out.printf("Produced %,d events for %d services to %s.%n", events, services, topic);
    }
    return 0;
  }
}
