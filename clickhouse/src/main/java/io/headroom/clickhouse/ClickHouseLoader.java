package io.headroom.clickhouse;

import io.headroom.schemas.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies the migrations, then runs {@link LoaderSettings#workersPerTopic()} {@link TableLoader}s
 * per topic → table, each on its own thread; they share the topic's partitions as one consumer
 * group. {@link #close} lets every loader insert and commit what it holds before stopping.
 */
public final class ClickHouseLoader implements AutoCloseable {
  private final List<TableLoader<?>> loaders = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private ClickHouseLoader() {}

  /** The default topic → table routes. */
  public static Map<String, TableRows<? extends SpecificRecord>> defaultRoutes() {
    return Map.of(
        Topics.METRICS_RAW, Rows.METRIC_EVENTS,
        Topics.METRICS_WINDOWS, Rows.PERCENTILE_WINDOWS,
        Topics.LOAD_FORECASTS, Rows.LOAD_FORECASTS,
        Topics.SCALING_COMMANDS, Rows.SCALING_COMMANDS,
        Topics.ALERTS, Rows.ALERTS);
  }

  public static ClickHouseLoader start(
      LoaderSettings settings, Map<String, TableRows<? extends SpecificRecord>> routes)
      throws SQLException {
    try (Connection connection = ClickHouseConnections.open(settings.clickhouse())) {
      Migrations.apply(connection, settings.clickhouse());
    }
    ClickHouseLoader loader = new ClickHouseLoader();
    routes.forEach(
        (topic, rows) -> {
          for (int worker = 1; worker <= settings.workersPerTopic(); worker++) {
            loader.add(new TableLoader<>(settings, rows, topic), worker);
          }
        });
    return loader;
  }

  private void add(TableLoader<?> loader, int worker) {
    Thread thread = new Thread(loader, "loader-" + loader.table() + "-" + worker);
    thread.setDaemon(true);
    loaders.add(loader);
    threads.add(thread);
    thread.start();
  }

  public long recordsLoaded(String table) {
    return loaders.stream()
        .filter(l -> l.table().equals(table))
        .mapToLong(TableLoader::recordsLoaded)
        .sum();
  }

  /** Partitions owned by each worker loading {@code table}. */
  public List<Integer> assignedPartitions(String table) {
    return loaders.stream()
        .filter(l -> l.table().equals(table))
        .map(TableLoader::assignedPartitions)
        .toList();
  }

  public long rowsLoaded(String table) {
    return loaders.stream()
        .filter(l -> l.table().equals(table))
        .mapToLong(TableLoader::rowsLoaded)
        .sum();
  }

  public long deadLettered() {
    return loaders.stream().mapToLong(TableLoader::deadLettered).sum();
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
  public static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    loaders.forEach(TableLoader::close);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
