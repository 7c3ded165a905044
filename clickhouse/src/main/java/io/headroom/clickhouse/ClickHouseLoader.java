package io.headroom.clickhouse;

import io.headroom.schemas.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies the migrations, then runs {@link LoaderSettings#workersPerTopic()} {@link TableLoader}s
 * per topic → table, each on its own thread; they share the topic's partitions as one consumer
 * group. {@link #close} lets every loader insert and commit what it holds before stopping.
 *
 * <p>Workers ride out broker and ClickHouse outages ({@link TableLoader}); {@link #health} is the
 * worst worker's state, and {@link #failure} says which worker ended and why, for the caller to
 * stop the process rather than run on with a topic no one loads.
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
            String name = "loader-" + rows.table() + "-" + worker;
            loader.add(new TableLoader<>(settings, rows, topic, name));
          }
        });
    return loader;
  }

  private void add(TableLoader<?> loader) {
    Thread thread = new Thread(loader, loader.worker());
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

  /** Records of {@code table}'s topic refused by its rows ({@link TableRows#rejection}). */
  public long rejected(String table) {
    return loaders.stream()
        .filter(l -> l.table().equals(table))
        .mapToLong(TableLoader::rejected)
        .sum();
  }

  /** The worst of the workers' states. */
  public WorkerHealth health() {
    return loaders.stream()
        .map(TableLoader::health)
        .max(Comparator.naturalOrder())
        .orElse(WorkerHealth.STOPPED);
  }

  /** Each worker's state, by worker name. */
  public Map<String, WorkerHealth> workerHealth() {
    Map<String, WorkerHealth> states = new TreeMap<>();
    loaders.forEach(l -> states.put(l.worker(), l.health()));
    return states;
  }

  /** "worker: reason" of the first worker that failed for good, if one did. */
  public Optional<String> failure() {
    return loaders.stream()
        .filter(l -> l.health() == WorkerHealth.FAILED)
        .findFirst()
        .map(l -> l.worker() + ": " + l.healthReason());
  }

  /** Worker threads still running. */
  public long workersAlive() {
    return threads.stream().filter(Thread::isAlive).count();
  }

  /** How many times a worker went from healthy to degraded, over all workers. */
  public long degradations() {
    return loaders.stream().mapToLong(TableLoader::degradations).sum();
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
