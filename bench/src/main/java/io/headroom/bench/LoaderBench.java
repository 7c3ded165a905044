package io.headroom.bench;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.clickhouse.Rows;
import io.headroom.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * (c): the loader and clickhouse-client loading the same rows into fresh tables of one database,
 * dropped afterwards.
 */
final class LoaderBench {
  static final int BATCH_ROWS = 200_000;

  record Result(double loaderRowsPerSecond, double clientRowsPerSecond) {}

  private LoaderBench() {}

  static Result measure(
      StackEndpoints stack, BenchWorkload workload, String topic, int partitions, String database)
      throws Exception {
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(database);
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    try {
      awaitNoMerges(clickhouse);
      double loader = loaderRowsPerSecond(stack, clickhouse, topic, workload.size(), partitions);
      awaitNoMerges(clickhouse);
      double client = ClickHouseClientBench.insertRowsPerSecond(stack, workload, database);
      return new Result(loader, client);
    } finally {
      try (Connection connection = ClickHouseConnections.open(clickhouse);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  /**
   * Rows per second once the loader's consumer group has formed (every worker owns partitions): the
   * join is a one-off cost of seconds, not insert throughput, and would dominate a short run. Rows
   * loaded while the group was forming count neither as rows nor as time.
   */
  private static double loaderRowsPerSecond(
      StackEndpoints stack,
      ClickHouseSettings clickhouse,
      String topic,
      int expected,
      int partitions)
      throws Exception {
    // A backlog of a million rows, loaded the way ClickHouse wants it: few large inserts (the
    // client
    // sends all of them in one). With 50,000-row batches the server spent twice the CPU per row on
    // creating and merging parts, CPU the loader itself needed on two cores.
    LoaderSettings settings =
        new LoaderSettings(
            stack.bootstrapServers(),
            "bench-loader-" + System.nanoTime(),
            clickhouse,
            BATCH_ROWS,
            Duration.ofMillis(500));
    String table = Rows.METRIC_EVENTS.table();
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(settings, Map.of(topic, Rows.METRIC_EVENTS))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      int owners = Math.min(partitions, settings.workersPerTopic());
      while (loader.assignedPartitions(table).stream().filter(n -> n > 0).count() < owners
          || loader.assignedPartitions(table).stream().mapToInt(Integer::intValue).sum()
              < partitions) {
        Thread.sleep(1);
        failAfter(
            deadline, "the loader's workers did not get the topic's partitions within 10 minutes");
      }
      long start = System.nanoTime();
      long loadedBefore = loader.recordsLoaded(table);
      while (loader.recordsLoaded(table) < expected) {
        Thread.sleep(5);
        failAfter(deadline, "the loader did not load every row within 10 minutes");
      }
      return (expected - loadedBefore) / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Waits until the server merges no parts (at most a minute). The parts an insert leaves are
   * merged in the background for seconds afterwards; without the wait, whichever of loader and
   * clickhouse-client runs second shares the server with the first one's merges.
   */
  private static void awaitNoMerges(ClickHouseSettings clickhouse) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try (Connection connection = ClickHouseConnections.open(clickhouse);
        Statement statement = connection.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet merges = statement.executeQuery("SELECT count() FROM system.merges")) {
          if (merges.next() && merges.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
  }

  private static void failAfter(long deadlineNanos, String message) {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException(message);
    }
  }
}
