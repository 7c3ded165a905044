package io.headroom.bench;

import io.headroom.schemas.PercentileWindow;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The benchmark ({@code ./headroom bench}), on one local broker and ClickHouse server it starts:
 * (a) raw Kafka produce + consume of the same records (the ceiling), (b) producer → Streams
 * percentiles → output topic, (c) the ClickHouse loader next to {@code clickhouse-client} inserting
 * the same rows, (d) the sketches' percentile error against exact percentiles, (e) samples through
 * the gateway (remote_write over HTTP) next to producing the same records straight to Kafka, and
 * (f) the gateway's memory under a flood while the broker is paused. Each measurement runs {@value
 * #WARM_UP_RUNS} times as a warm-up, then {@code rounds} times back to back ((e): {@value
 * #GATEWAY_WARM_UP_RUNS} warm-ups, then its two sides alternately, with the CPU time per record);
 * every repetition and the medians are printed.
 */
public final class Benchmark {
  private static final int WARM_UP_RUNS = 2;

  /**
   * Warm-up runs of each side of (e): after two, the JIT compilers still took a fifth of the
   * gateway side's CPU time and the raw side kept speeding up from round to round.
   */
  private static final int GATEWAY_WARM_UP_RUNS = 5;

  /**
   * Gateway samples per measurement at most: the bodies and the records read back stay in memory.
   */
  private static final int GATEWAY_MAX_SAMPLES = 1_000_000;

  /**
   * How (e)'s clients post: as many at once as a default Prometheus has queue shards at most, each
   * with bodies of its default {@code max_samples_per_send}. Since 2.44, 50 shards of 2,000 samples
   * (raised from 500 because per-request costs at sender and receiver fall with larger bodies);
   * before, as in the 2.42 the tests run, 200 of 500. Either keeps up to 100,000 samples in flight.
   */
  private record PrometheusQueue(String version, int shards, int samplesPerSend) {}

  private static final List<PrometheusQueue> GATEWAY_CLIENTS =
      List.of(new PrometheusQueue(">= 2.44", 50, 2_000), new PrometheusQueue("2.42", 200, 500));

  /**
   * (f) posts bodies of 2,000 samples from 64 clients, so that they can have more records
   * outstanding than the gateway's default bound of 100,000.
   */
  private static final int FLOOD_SAMPLES_PER_REQUEST = 2_000;

  private static final int FLOOD_BODIES = 200;

  private final BenchSettings settings;
  private final PrintStream out;

  public Benchmark(BenchSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /**
   * Starts the stack in the settings' folder, measures, prints, and stops the stack (removing the
   * folder if it did not exist before).
   *
   * @throws IllegalArgumentException when the events cover too little event time for (b)
   */
  public void run() throws Exception {
    int partitions = settings.partitions();
    Path stackDir = settings.stackDir().toAbsolutePath();
    BenchWorkload workload = BenchWorkload.generate(settings.events(), settings.services());
    Duration span = workload.eventTimeSpan();
    if (span.compareTo(Duration.ofMinutes(3)) < 0) {
      throw new IllegalArgumentException(
          settings.events()
              + " events over "
              + settings.services()
              + " services cover only "
              + span.toSeconds()
              + " s of event time; (b) needs closed one-minute windows: use more events or fewer services");
    }
    boolean createdHere = !Files.exists(stackDir);
    out.println("Starting a local stack in " + stackDir + " ...");
    StackEndpoints stack = LocalStack.up(stackDir, BrokerJars.locate(), true);
    try {
      out.printf(
          "Workload: %,d events (%d services, %,d latency samples), %d partitions, one broker, %d cores%n%n",
          workload.size(),
          settings.services(),
          workload.latencySamples(),
          partitions,
          Runtime.getRuntime().availableProcessors());
      out.println(
          "Events per partition (keyed by service): " + workload.partitionShares(partitions));
      KafkaBench kafka = new KafkaBench(stack.bootstrapServers(), partitions);
      // The JIT compiles the hot paths during the first runs; a measured run on cold code would
      // mostly
      // measure the compiler. Each measurement runs twice as a warm-up, as JMH does (with one, (b)
      // still
      // rose by a third over its repetitions), then repeats back to back: alternating them makes
      // the JIT throw away code compiled for one path when another
      // runs (shared Kafka client code sees new types) and recompile it during the next
      // measurement.
      out.printf(
          "Each measurement: %d warm-up runs (not reported), then %d repetitions on %,d events%n",
          WARM_UP_RUNS, settings.rounds(), workload.size());
      String ceilingTopics = "bench.a." + System.currentTimeMillis() + ".";
      double[] ceiling = warmedUp(i -> kafka.produceAndConsume(workload, ceilingTopics + i));
      printRounds("(a) Kafka produce + consume", ceiling, "events/s");
      double[] path;
      List<PercentileWindow> windows;
      // The Streams app runs only while (b) is measured: idle, it still takes ~5 % of a core, and
      // as much of the broker's.
      try (StreamsPathBench streamsPath =
          new StreamsPathBench(
              kafka, settings.streamsProperties(), stackDir.resolve("bench-streams-state"))) {
        path = warmedUp(i -> streamsPath.measureBurst(workload));
        windows = streamsPath.firstBurstLatencyWindows(workload);
      }
      printRounds("(b) producer -> Streams -> topic", path, "events/s");
      double[] client = new double[settings.rounds()];
      // The loader reads a topic (a) filled: the same records, already on the broker.
      double[] loader =
          warmedUp(
              i -> {
                LoaderBench.Result result =
                    LoaderBench.measure(
                        stack, workload, ceilingTopics + 0, partitions, "bench_" + i);
                if (i >= WARM_UP_RUNS) {
                  client[i - WARM_UP_RUNS] = result.clientRowsPerSecond();
                }
                return result.loaderRowsPerSecond();
              });
      printRounds("(c) loader", loader, "rows/s");
      printRounds("(c) clickhouse-client", client, "rows/s");
      printMedians(ceiling, path, loader, client);
      out.println();
      SketchError.print(workload, windows, out);
      out.println();
      gateway(stack, kafka);
    } finally {
      LocalStack.down(stackDir);
      if (createdHere) {
        deleteRecursively(stackDir);
      }
    }
  }

  /** Only (e) and (f), the gateway's figures, on a stack of their own. */
  public void runGatewayOnly() throws Exception {
    Path stackDir = settings.stackDir().toAbsolutePath();
    boolean createdHere = !Files.exists(stackDir);
    out.println("Starting a local stack in " + stackDir + " ...");
    StackEndpoints stack = LocalStack.up(stackDir, BrokerJars.locate(), true);
    try {
      out.printf(
          "%d partitions, one broker, %d cores%n",
          settings.partitions(), Runtime.getRuntime().availableProcessors());
      gateway(stack, new KafkaBench(stack.bootstrapServers(), settings.partitions()));
    } finally {
      LocalStack.down(stackDir);
      if (createdHere) {
        deleteRecursively(stackDir);
      }
    }
  }

  /**
   * (e) and (f). The raw produce sends the very records the gateway's first warm-up run produced
   * (same keys, timestamps and Avro bytes), read back from its topic.
   */
  private void gateway(StackEndpoints stack, KafkaBench kafka) throws Exception {
    GatewayBench bench = new GatewayBench(kafka, new CpuTime(stack.kafkaPid()));
    for (PrometheusQueue queue : GATEWAY_CLIENTS) {
      gatewayThroughput(kafka, bench, queue);
    }
    RemoteWriteWorkload flood =
        RemoteWriteWorkload.generate(
            FLOOD_BODIES * FLOOD_SAMPLES_PER_REQUEST,
            settings.services(),
            FLOOD_SAMPLES_PER_REQUEST,
            Instant.now());
    GatewayFlood.print(
        GatewayFlood.run(bench, flood, "bench.f." + System.currentTimeMillis(), stack.kafkaPid()),
        FLOOD_SAMPLES_PER_REQUEST,
        out);
  }

  /** (e) with the clients of {@code queue}. */
  private void gatewayThroughput(KafkaBench kafka, GatewayBench bench, PrometheusQueue queue)
      throws Exception {
    int samplesPerRequest = queue.samplesPerSend();
    // Bodies of every sample stay in memory, and so do the records read back for the raw side.
    int samples = Math.min(settings.events(), GATEWAY_MAX_SAMPLES);
    RemoteWriteWorkload bodies =
        RemoteWriteWorkload.generate(
            samples, settings.services(), samplesPerRequest, Instant.now());
    out.printf(
        "Gateway: %,d gauge samples in %,d remote_write bodies of %d (%,d KB snappy), %d clients"
            + " (a default Prometheus %s at most shards)%n",
        samples,
        bodies.bodies().size(),
        samplesPerRequest,
        bodies.bytes() >> 10,
        queue.shards(),
        queue.version());
    String topics = "bench.e." + System.currentTimeMillis() + ".";
    GatewayBench.Run[] gateway = new GatewayBench.Run[settings.rounds()];
    GatewayBench.Run[] direct = new GatewayBench.Run[settings.rounds()];
    Map<String, Double> gatewayThreads;
    Map<String, Double> rawThreads;
    try (GatewayBench.Sides sides = bench.sides(topics + "gateway")) {
      // The raw side sends the first warm-up run's records, read back while they are all the topic
      // holds.
      sides.throughGateway(bodies, queue.shards());
      List<ConsumerRecord<String, byte[]>> records = kafka.consume(sides.gatewayTopic(), samples);
      for (int i = 1; i < GATEWAY_WARM_UP_RUNS; i++) {
        sides.throughGateway(bodies, queue.shards());
      }
      for (int i = 0; i < GATEWAY_WARM_UP_RUNS; i++) {
        sides.rawProduce(records, topics + "raw." + i);
      }
      // One round of each, alternately: the machine's load drifts over the minute the rounds take,
      // and a ratio of runs seconds apart shows the gateway's cost rather than that drift.
      sides.resetThreadCpu();
      for (int i = 0; i < settings.rounds(); i++) {
        gateway[i] = sides.throughGateway(bodies, queue.shards());
        direct[i] = sides.rawProduce(records, topics + "raw." + (GATEWAY_WARM_UP_RUNS + i));
      }
      gatewayThreads = sides.gatewayThreadMicros();
      rawThreads = sides.rawThreadMicros();
    }
    double[] through = Arrays.stream(gateway).mapToDouble(GatewayBench.Run::perSecond).toArray();
    double[] raw = Arrays.stream(direct).mapToDouble(GatewayBench.Run::perSecond).toArray();
    double[] ratios = new double[through.length];
    double[] gatewayCpu =
        Arrays.stream(gateway).mapToDouble(GatewayBench.Run::cpuMicrosPerRecord).toArray();
    double[] rawCpu =
        Arrays.stream(direct).mapToDouble(GatewayBench.Run::cpuMicrosPerRecord).toArray();
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = 100 * through[i] / raw[i];
    }
    printRounds("(e) gateway -> Kafka", through, "samples/s");
    printRounds("(e) raw produce, same records", raw, "records/s");
    printRounds("(e) gateway/raw, round by round", ratios, "%");
    printRounds("(e) CPU us/sample, gateway", gatewayCpu, "us", "%,12.2f");
    printRounds(
        "    of which the broker",
        Arrays.stream(gateway).mapToDouble(GatewayBench.Run::brokerMicrosPerRecord).toArray(),
        "us",
        "%,12.2f");
    printThreads("    this JVM's threads, all rounds", gatewayThreads);
    printRounds("(e) CPU us/record, raw", rawCpu, "us", "%,12.2f");
    printRounds(
        "    of which the broker",
        Arrays.stream(direct).mapToDouble(GatewayBench.Run::brokerMicrosPerRecord).toArray(),
        "us",
        "%,12.2f");
    printThreads("    this JVM's threads, all rounds", rawThreads);
    double gatewayMedian = median(through);
    double rawMedian = median(raw);
    report("(e) remote_write through the gateway into Kafka", gatewayMedian, "samples/s");
    report("(e) raw Kafka produce of the same MetricEvent records", rawMedian, "records/s");
    out.printf(
        "    gateway/raw = %.0f %% of the medians, %.0f %% the median round (target >= 50 %%)%n",
        100 * gatewayMedian / rawMedian, median(ratios));
    out.printf(
        "    CPU (this JVM with the clients, and the broker): %.2f us a sample through the gateway,"
            + " %.2f us a record raw: raw/gateway = %.0f %%%n%n",
        median(gatewayCpu), median(rawCpu), 100 * median(rawCpu) / median(gatewayCpu));
  }

  @FunctionalInterface
  private interface Measurement {
    double run(int repetition) throws Exception;
  }

  /**
   * The first {@link #WARM_UP_RUNS} runs warm up and are not reported; the next {@code rounds} are
   * returned.
   */
  private double[] warmedUp(Measurement measurement) throws Exception {
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      measurement.run(i);
    }
    double[] values = new double[settings.rounds()];
    for (int i = 0; i < values.length; i++) {
      values[i] = measurement.run(WARM_UP_RUNS + i);
    }
    return values;
  }

  private void printRounds(String what, double[] values, String unit) {
    printRounds(what, values, unit, "%,12.0f");
  }

  private void printRounds(String what, double[] values, String unit, String format) {
    StringBuilder line = new StringBuilder();
    for (double value : values) {
      line.append(String.format(format, value));
    }
    out.printf("%-34s%s %s%n", what, line, unit);
  }

  private void printMedians(double[] ceilings, double[] paths, double[] loaders, double[] clients) {
    double ceiling = median(ceilings);
    double path = median(paths);
    double loader = median(loaders);
    double client = median(clients);
    out.printf("%nMedians of %d rounds:%n", ceilings.length);
    report("(a) Kafka produce + consume (ceiling)", ceiling, "events/s");
    report("(b) producer -> Streams percentiles -> topic", path, "events/s");
    out.printf("    (b)/(a) = %.0f %% (target >= 50 %%)%n", 100 * path / ceiling);
    report(
        String.format(
            "(c) ClickHouse loader (Kafka -> JDBC, %,d-row inserts)", LoaderBench.BATCH_ROWS),
        loader,
        "rows/s");
    if (Double.isNaN(client)) {
      out.println("    clickhouse-client not found: ceiling not measured");
    } else {
      report("(c) clickhouse-client inserting the same rows (ceiling)", client, "rows/s");
      out.printf("    loader/ceiling = %.0f %% (target >= 70 %%)%n", 100 * loader / client);
    }
  }

  /** One line: CPU microseconds per record by thread group, largest first. */
  private void printThreads(String what, Map<String, Double> microsByGroup) {
    if (microsByGroup.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder();
    microsByGroup.forEach(
        (group, micros) -> {
          if (micros >= 0.005) {
            line.append(line.length() == 0 ? "" : ", ")
                .append(group)
                .append(String.format(" %.2f", micros));
          }
        });
    out.printf("%-34s %s us%n", what, line);
  }

  private void report(String what, double value, String unit) {
    out.printf("%-58s %,12.0f %s%n", what, value, unit);
  }

  private static double median(double[] measured) {
    double[] values = measured.clone();
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
