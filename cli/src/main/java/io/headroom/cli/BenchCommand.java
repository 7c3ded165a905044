package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.clickhouse.Rows;
import io.headroom.clickhouse.TableLoader;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure, on one local broker: (a) raw Kafka produce + consume of the same records (the ceiling),",
        "(b) producer -> Streams percentiles -> output topic, (c) the ClickHouse loader next to clickhouse-client",
        "inserting the same rows, and (d) the sketches' percentile error against exact percentiles."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "300000", description = "Events per measurement (default: ${DEFAULT-VALUE})")
  int events;

  @Option(names = "--services", defaultValue = "20", description = "Services the events are spread over (default: ${DEFAULT-VALUE})")
  int services;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the benchmark topics (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the benchmark's stack (default: .headroom/bench)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (events < 1000 || services < 1 || partitions < 1) {
      throw new IllegalArgumentException("--events must be >= 1000, --services and --partitions >= 1");
    }
    Path stackDir = (dir != null ? dir : ProjectHome.path().resolve(".headroom/bench")).toAbsolutePath();
    System.out.println("Starting a local stack in " + stackDir + " ...");
    StackEndpoints stack = UpCommand.start(stackDir, partitions);
    try {
      BenchWorkload workload = BenchWorkload.generate(events, services);
      System.out.printf("Workload: %,d events (%d services, %,d latency samples), %d partitions, one broker, %d cores%n%n",
          workload.size(), services, workload.latencySamples(), partitions, Runtime.getRuntime().availableProcessors());
      KafkaBench kafka = new KafkaBench(stack.bootstrapServers(), partitions);

      double ceiling = kafka.produceAndConsume(workload, "bench.a." + System.currentTimeMillis());
      report("(a) Kafka produce + consume (ceiling)", ceiling, "events/s");

      KafkaBench.PathResult path = kafka.throughStreams(workload, stackDir.resolve("bench-streams-state"));
      report("(b) producer -> Streams percentiles -> topic", path.eventsPerSecond(), "events/s");
      System.out.printf("    (b)/(a) = %.0f %% (target >= 50 %%)%n", 100 * path.eventsPerSecond() / ceiling);

      ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("bench");
      try (Connection connection = ClickHouseConnections.open(clickhouse)) {
        Migrations.apply(connection, clickhouse);
      }
      double loader = loaderRowsPerSecond(stack, clickhouse, path.inputTopic(), workload.size());
      report("(c) ClickHouse loader (Kafka -> batched JDBC insert)", loader, "rows/s");
      double client = ClickHouseClientBench.insertRowsPerSecond(stack, workload);
      if (Double.isNaN(client)) {
        System.out.println("    clickhouse-client not found: ceiling not measured");
      } else {
        report("(c) clickhouse-client inserting the same rows (ceiling)", client, "rows/s");
        System.out.printf("    loader/ceiling = %.0f %% (target >= 70 %%)%n", 100 * loader / client);
      }

      System.out.println();
      SketchError.print(workload, path.windows());
    } finally {
      LocalStack.down(stackDir);
    }
    return 0;
  }

  private static double loaderRowsPerSecond(StackEndpoints stack, ClickHouseSettings clickhouse, String topic, int expected)
      throws InterruptedException {
    LoaderSettings settings = new LoaderSettings(stack.bootstrapServers(), "bench-loader-" + System.nanoTime(),
        clickhouse, 50_000, Duration.ofMillis(500));
    TableLoader<?> loader = new TableLoader<>(settings, Rows.METRIC_EVENTS, topic);
    Thread thread = new Thread(loader, "bench-loader");
    long start = System.nanoTime();
    thread.start();
    while (loader.recordsLoaded() < expected) {
      Thread.sleep(20);
      if (!thread.isAlive()) {
        throw new IllegalStateException("the loader stopped before loading every row");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    loader.close();
    thread.join();
    return expected / seconds;
  }

  static void report(String what, double value, String unit) {
    System.out.printf("%-58s %,12.0f %s%n", what, value, unit);
  }
}
