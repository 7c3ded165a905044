package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.WorkerHealth;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * {@code load --metrics-port}: the loader's figures for Prometheus, the same as its minute line:
 * rows per table, refused events, and whether every worker is healthy.
 */
final class LoaderMetrics {
  private LoaderMetrics() {}

  static void register(PrometheusRegistry registry, ClickHouseLoader loader, List<String> tables) {
    CounterWithCallback.builder()
        .name("headroom_loader_rows")
        .help("Rows inserted into ClickHouse, per table")
        .labelNames("table")
        .callback(rows -> tables.forEach(t -> rows.call(loader.rowsLoaded(t), t)))
        .register(registry);
    CounterWithCallback.builder()
        .name("headroom_loader_refused")
        .help("Events the loader kept out of the table (refused by the validator), per table")
        .labelNames("table")
        .callback(refused -> tables.forEach(t -> refused.call(loader.rejected(t), t)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("headroom_loader_healthy")
        .help("1 when every loader worker is healthy, else 0")
        .callback(healthy -> healthy.call(loader.health() == WorkerHealth.HEALTHY ? 1 : 0))
        .register(registry);
  }
}
