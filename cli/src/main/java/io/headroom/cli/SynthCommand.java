package io.headroom.cli;

import io.headroom.ingest.PublishReport;
import io.headroom.ingest.SyntheticLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Generate daily/weekly seasonal traffic with trend and noise for any number of services.")
final class SynthCommand implements Callable<Integer> {
  @Mixin PublishOptions publish;

  @Option(
      names = "--services",
      defaultValue = "3",
      description = "Number of services (default: ${DEFAULT-VALUE})")
  int services;

  @Option(
      names = "--duration",
      defaultValue = "2d",
      converter = DurationConverter.class,
      description = "Span of event time to generate (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--step",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Step between load points (default: ${DEFAULT-VALUE})")
  Duration step;

  @Option(
      names = "--base-load",
      defaultValue = "200",
      description = "Mean requests per step of the first service (default: ${DEFAULT-VALUE})")
  double baseLoad;

  @Option(
      names = "--daily-amplitude",
      defaultValue = "0.6",
      description = "Relative daily swing, 0..1 (default: ${DEFAULT-VALUE})")
  double dailyAmplitude;

  @Option(
      names = "--weekend-factor",
      defaultValue = "0.6",
      description = "Weekend load relative to weekdays (default: ${DEFAULT-VALUE})")
  double weekendFactor;

  @Option(
      names = "--trend",
      defaultValue = "0.005",
      description = "Relative growth per day (default: ${DEFAULT-VALUE})")
  double trendPerDay;

  @Option(
      names = "--noise",
      defaultValue = "0.08",
      description = "Relative noise (default: ${DEFAULT-VALUE})")
  double noise;

  @Option(
      names = "--start",
      paramLabel = "ISO_TIME",
      description = "First event time (default: that long ago, on the hour)")
  Instant start;

  @Option(
      names = "--capacity",
      defaultValue = "100",
      description = "Requests per step one replica serves (default: ${DEFAULT-VALUE})")
  double capacity;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    SyntheticLoad load;
    try {
      load =
          new SyntheticLoad(
              services,
              duration,
              step,
              baseLoad,
              dailyAmplitude,
              weekendFactor,
              trendPerDay,
              noise,
              start,
              capacity,
              publish.speedup,
              seed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--" + e.getMessage(), e); // the settings' fields are the options
    }
    PublishReport report = load.publish(publish.producer(), Instant.now(), System.err);
    System.out.printf(
        "Produced %,d events for %d services to %s.%n", report.events(), services, publish.topic);
    return publish.exitCode(report, "; check --start");
  }
}
