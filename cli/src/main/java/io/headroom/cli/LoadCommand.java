package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.TableRows;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Run the ClickHouse loader until Ctrl-C: every topic into its table in batches, offsets committed",
      "only after ClickHouse acknowledged the insert. Applies the DDL migrations first. Workers ride out",
      "broker and ClickHouse outages (logged when they degrade and recover); exits 1 if one must stop."
    })
final class LoadCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

  @Option(
      names = "--batch-rows",
      defaultValue = "20000",
      description = "Rows per insert (default: ${DEFAULT-VALUE})")
  int batchRows;

  @Option(
      names = "--workers",
      defaultValue = "" + LoaderSettings.DEFAULT_WORKERS_PER_TOPIC,
      description =
          "Consumers per topic, each with its own ClickHouse connection (default: ${DEFAULT-VALUE})")
  int workers;

  @Mixin MetricsPortOption metrics;

  @Option(
      names = "--retention-days",
      defaultValue = "0",
      description = "Keep this many days; 0 keeps all (default)")
  int retentionDays;

  @Override
  public Integer call() throws Exception {
    LoaderSettings settings =
        new LoaderSettings(
                connection.bootstrapServers(),
                "headroom-loader",
                connection.clickhouse().withRetentionDays(retentionDays),
                batchRows,
                Duration.ofSeconds(1),
                workers)
            .withKafkaProperties(kafka.properties());
    CountDownLatch stopped = new CountDownLatch(1);
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(settings, ClickHouseLoader.defaultRoutes());
        MetricsEndpoint endpoint =
            metrics.serve(
                registry -> LoaderMetrics.register(registry, loader, tables()),
                new PrintWriter(System.err, true))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.err.println(
          "loading into "
              + settings.clickhouse().redactedUrl()
              + "/"
              + settings.clickhouse().database()
              + " (Kafka client settings: "
              + kafka.describe()
              + "); Ctrl-C to stop");
      Optional<String> failure = awaitStopOrFailure(loader, stopped);
      if (failure.isPresent()) {
        // A topic no worker loads any more would fall behind unseen: better a restart (by the
        // supervisor) than a process that looks alive.
        System.err.println("headroom: loader worker " + failure.get() + "; stopping");
        return CliErrors.FAILURE;
      }
    }
    return 0;
  }

  /** Waits for Ctrl-C/SIGTERM, or for a worker that failed for good, whichever comes first. */
  static Optional<String> awaitStopOrFailure(ClickHouseLoader loader, CountDownLatch stopped)
      throws InterruptedException {
    LoaderHeartbeat heartbeat = new LoaderHeartbeat(tables());
    long nextLine = System.nanoTime() + HEARTBEAT.toNanos();
    while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
      Optional<String> failure = loader.failure();
      if (failure.isPresent()) {
        return failure;
      }
      if (System.nanoTime() >= nextLine) {
        System.err.println(
            heartbeat.line(loader::rowsLoaded, loader::rejected, loader.health().toString()));
        nextLine += HEARTBEAT.toNanos();
      }
    }
    return Optional.empty();
  }

  /** The tables the loader fills, in name order. */
  static List<String> tables() {
    return ClickHouseLoader.defaultRoutes().values().stream()
        .map(TableRows::table)
        .sorted()
        .toList();
  }

  /** How often the loader says how far it got. */
  static final Duration HEARTBEAT = Duration.ofMinutes(1);
}
