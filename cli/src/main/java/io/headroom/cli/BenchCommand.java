package io.headroom.cli;

import io.headroom.bench.BenchSettings;
import io.headroom.bench.Benchmark;
import io.headroom.bench.ForecastBenchSettings;
import io.headroom.bench.ForecastThroughputBench;
import io.headroom.stack.FlinkRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
      "records in flight and heap under a flood while the broker is paused. --gateway-only: (e) and (f) only.",
      "--flink-only: (g) alone, the forecast job's windows/s with its jar submitted to a Flink session cluster of",
      "one TaskManager (at parallelism 1, then --slots), next to the same job on a MiniCluster in the same run."
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

  @Option(
      names = "--flink-only",
      description =
          "Only (g), the forecast job's throughput on a Flink session cluster and on a MiniCluster")
  boolean flinkOnly;

  @Option(
      names = "--slots",
      defaultValue = "1",
      description = "(g): slots of the session cluster's TaskManager (default: ${DEFAULT-VALUE})")
  int slots;

  @Option(
      names = "--series",
      // 72,000 windows: about 40 s a run on 2 busy cores, a minute or two for the whole of (g).
      defaultValue = "50",
      description = "(g): services with a requests series each (default: ${DEFAULT-VALUE})")
  int series;

  @Option(
      names = "--minutes",
      defaultValue = "1440",
      description = "(g): one-minute windows per series (default: ${DEFAULT-VALUE}, a day)")
  int minutes;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "(g): the shaded job jar (default: " + FlinkCommand.JOB_JAR + ")")
  Path jar;

  @Override
  public Integer call() throws Exception {
    if (flinkOnly) {
      return forecastThroughput();
    }
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

  private int forecastThroughput() throws Exception {
    ForecastBenchSettings settings;
    try {
      settings =
          new ForecastBenchSettings(
              series,
              minutes,
              slots,
              partitions,
              jar != null ? jar : ProjectHome.path().resolve(FlinkCommand.JOB_JAR),
              dir != null ? dir : ProjectHome.path().resolve(".headroom/bench"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
    new ForecastThroughputBench(settings, BenchCommand::submitAsUsersDo, System.out).run();
    return 0;
  }

  /**
   * Submits the forecast job as {@code ./headroom flink submit} does (the jar uploaded through the
   * REST API, its options checked by the job's parser) and waits for all its tasks to run, so the
   * bench times the users' path.
   */
  private static String submitAsUsersDo(
      String restUrl, Path jobJar, int parallelism, List<String> jobOptions) throws Exception {
    FlinkRestClient client = new FlinkRestClient(restUrl);
    long started = System.nanoTime();
    String jobId =
        FlinkSubmitCommand.submit(
            client, jobJar, FlinkSubmitCommand.Job.forecast, jobOptions, parallelism, null);
    FlinkJobWatch.awaitTasksRunning(client, jobId, Duration.ofMinutes(2));
    System.out.printf(
        "    flink submit: job %s running (all tasks) %.1f s after submission%n",
        jobId, (System.nanoTime() - started) / 1e9);
    return jobId;
  }
}
