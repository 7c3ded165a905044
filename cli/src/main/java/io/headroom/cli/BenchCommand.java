package io.headroom.cli;

import io.headroom.bench.BenchSettings;
import io.headroom.bench.Benchmark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure, on one local broker: (a) raw Kafka produce + consume of the same records (the ceiling),",
      "(b) producer -> Streams percentiles -> output topic, (c) the ClickHouse loader next to clickhouse-client",
      "inserting the same rows, (d) the sketches' percentile error against exact percentiles, (e) remote_write",
      "samples through the gateway into Kafka next to raw produce of the same records, and (f) the gateway's",
      "records in flight and heap under a flood while the broker is paused. --gateway-only: (e) and (f) only."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      defaultValue = "1000000",
      description = "Events per measurement (default: ${DEFAULT-VALUE})")
  int events;

  // Events are keyed by service, and a partition is processed by one thread: with few services the
  // partitions get very unequal shares (20 services over 4 partitions: 55/30/9/5 %), which caps (b)
  // and (c).
  @Option(
      names = "--services",
      defaultValue = "200",
      description = "Services the events are spread over (default: ${DEFAULT-VALUE})")
  int services;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the benchmark topics (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description =
          "Measured repetitions of each measurement after two warm-up runs of it; the medians are reported (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--streams-property",
      paramLabel = "KEY=VALUE",
      description =
          "Kafka Streams or headroom.* property for (b), e.g. num.stream.threads=1 (repeatable)")
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Folder for the benchmark's stack, removed afterwards if the bench "
              + "created it (default: .headroom/bench)")
  Path dir;

  @Option(
      names = "--gateway-only",
      description = "Only (e) and (f), the gateway's throughput and flood figures")
  boolean gatewayOnly;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings;
    try {
      settings =
          new BenchSettings(
              events,
              services,
              partitions,
              rounds,
              streamsProperties,
              dir != null ? dir : ProjectHome.path().resolve(".headroom/bench"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--" + e.getMessage(), e); // the settings' fields are the options
    }
    Benchmark benchmark = new Benchmark(settings, System.out);
    if (gatewayOnly) {
      benchmark.runGatewayOnly();
    } else {
      benchmark.run();
    }
    return 0;
  }
}
