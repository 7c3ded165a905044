package io.headroom.clickhouse;

import io.headroom.core.capacity.CapacityHistory;
import io.headroom.core.capacity.DailyLoad;
import io.headroom.core.capacity.ResourceSample;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads one service's history for capacity plans and reports through the catalogue's queries
 * ({@code clickhouse/queries/workload_*.sql} and friends), so what the plan and the report show is
 * exactly what those queries return. Each query is narrowed to the service by an outer filter. Bad
 * input (no tables, no history, an unknown service) is an {@link IllegalArgumentException} whose
 * one-line message says what is missing.
 */
public final class HistoryReader {
  private static final int MAX_SCALING_CHANGES = 5_000;

  private final Connection connection;
  private final String database;

  public HistoryReader(Connection connection, String database) {
    this.connection = connection;
    this.database = database;
  }

  /** The services with any percentile windows, sorted. */
  public List<String> services() throws SQLException {
    requireTables();
    return QueryCatalogue.run(
            connection,
            "SELECT DISTINCT service FROM " + database + ".percentile_windows ORDER BY service")
        .stream()
        .map(row -> (String) row.get("service"))
        .toList();
  }

  /**
   * Checks that {@code service} has history.
   *
   * @throws IllegalArgumentException naming what is missing: the tables, any history, or this
   *     service
   */
  public void requireService(String service) throws SQLException {
    List<String> services = services();
    if (services.isEmpty()) {
      throw new IllegalArgumentException(
          "no history in "
              + database
              + ".percentile_windows: the table is empty;"
              + " run the pipeline first (./headroom demo) or point --clickhouse/--database at a loaded history");
    }
    if (!services.contains(service)) {
      String known =
          String.join(", ", services.subList(0, Math.min(10, services.size())))
              + (services.size() > 10 ? ", ... (" + services.size() + " in all)" : "");
      throw new IllegalArgumentException(
          "unknown service '"
              + service
              + "': no windows for it in "
              + database
              + ".percentile_windows (services with history: "
              + known
              + ")");
    }
  }

  /** Daily load and per-minute resource samples for the capacity plan. */
  public CapacityHistory capacityHistory(String service) throws SQLException {
    requireService(service);
    List<DailyLoad> days = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_daily_load",
            "toString(day) AS day, minutes, mean_load, p95_load, peak_load",
            service,
            "day")) {
      days.add(
          new DailyLoad(
              LocalDate.parse((String) row.get("day")),
              number(row, "minutes").longValue(),
              dbl(row, "mean_load"),
              dbl(row, "p95_load"),
              dbl(row, "peak_load")));
    }
    List<ResourceSample> samples = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_resource_samples",
            "toUnixTimestamp(minute) AS t, load, replicas, cpu_percent, memory_percent",
            service,
            "t")) {
      samples.add(
          new ResourceSample(
              instant(row, "t"),
              dbl(row, "load"),
              dbl(row, "replicas"),
              dbl(row, "cpu_percent"),
              dbl(row, "memory_percent")));
    }
    return new CapacityHistory(service, days, samples);
  }

  /**
   * What the report charts: summary and profiles over all history, hourly series of the last {@code
   * span} before the newest hour, the newest load forecast, scaling changes in the span and the
   * alerts firing now.
   */
  public ServiceHistory serviceHistory(String service, String loadMetric, Duration span)
      throws SQLException {
    requireService(service);
    ServiceHistory.LoadSummary summary = summary(service);

    List<ServiceHistory.HourlyLoad> hourly = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_hourly_load",
            "toUnixTimestamp(hour) AS t, mean_load, peak_load, mean_replicas, max_replicas",
            service,
            "t")) {
      hourly.add(
          new ServiceHistory.HourlyLoad(
              instant(row, "t"),
              dbl(row, "mean_load"),
              dbl(row, "peak_load"),
              dbl(row, "mean_replicas"),
              dbl(row, "max_replicas")));
    }
    List<ServiceHistory.HourlyLatency> latency = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_errors_latency_hourly",
            "toUnixTimestamp(hour) AS t, latency_p50_ms, latency_p95_ms, latency_p99_ms, error_rate_pct",
            service,
            "t")) {
      latency.add(
          new ServiceHistory.HourlyLatency(
              instant(row, "t"),
              dbl(row, "latency_p50_ms"),
              dbl(row, "latency_p95_ms"),
              dbl(row, "latency_p99_ms"),
              dbl(row, "error_rate_pct")));
    }
    Instant newest =
        newest(
            hourly.isEmpty() ? null : hourly.get(hourly.size() - 1).hour(),
            latency.isEmpty() ? null : latency.get(latency.size() - 1).hour());
    Instant spanStart = newest == null ? Instant.EPOCH : newest.minus(span);
    hourly.removeIf(h -> h.hour().isBefore(spanStart));
    latency.removeIf(h -> h.hour().isBefore(spanStart));

    List<ServiceHistory.ProfileHour> hourlyProfile = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_hourly_profile",
            "hour_utc, avg_load, peak_load, seasonal_index",
            service,
            "hour_utc")) {
      hourlyProfile.add(
          new ServiceHistory.ProfileHour(
              number(row, "hour_utc").intValue(),
              dbl(row, "avg_load"),
              dbl(row, "peak_load"),
              dbl(row, "seasonal_index")));
    }
    List<ServiceHistory.ProfileHour> weeklyProfile = new ArrayList<>();
    for (Map<String, Object> row :
        query(
            "workload_weekly_profile",
            "hour_of_week, avg_load, peak_load, seasonal_index",
            service,
            "hour_of_week")) {
      weeklyProfile.add(
          new ServiceHistory.ProfileHour(
              number(row, "hour_of_week").intValue(),
              dbl(row, "avg_load"),
              dbl(row, "peak_load"),
              dbl(row, "seasonal_index")));
    }

    List<ServiceHistory.ScalingChange> changes = new ArrayList<>();
    for (Map<String, Object> row :
        queryWhere(
            "why_did_it_scale",
            "toUnixTimestamp(decided_at) AS t, from_replicas, to_replicas, policy, reason",
            "target = "
                + quote(service)
                + " AND decided_at >= toDateTime("
                + spanStart.getEpochSecond()
                + ")",
            "t DESC LIMIT " + MAX_SCALING_CHANGES)) {
      changes.add(
          new ServiceHistory.ScalingChange(
              instant(row, "t"),
              number(row, "from_replicas").intValue(),
              number(row, "to_replicas").intValue(),
              (String) row.get("policy"),
              (String) row.get("reason")));
    }
    changes.sort(Comparator.comparing(ServiceHistory.ScalingChange::decidedAt));

    List<ServiceHistory.ActiveAlert> alerts = new ArrayList<>();
    for (Map<String, Object> row :
        queryWhere(
            "alerts_active",
            "rule, metric, severity, priority, toUnixTimestamp(since) AS t, value, threshold, recommendation",
            "service = " + quote(service),
            "severity = 'critical' DESC, t")) {
      alerts.add(
          new ServiceHistory.ActiveAlert(
              (String) row.get("rule"),
              (String) row.get("metric"),
              (String) row.get("severity"),
              (String) row.get("priority"),
              instant(row, "t"),
              dbl(row, "value"),
              dbl(row, "threshold"),
              (String) row.get("recommendation")));
    }
    return new ServiceHistory(
        service,
        summary,
        hourly,
        latency,
        hourlyProfile,
        weeklyProfile,
        forecast(service, loadMetric),
        changes,
        alerts);
  }

  private ServiceHistory.LoadSummary summary(String service) throws SQLException {
    var load =
        query(
            "workload_load_summary",
            "minutes, toUnixTimestamp(first_minute) AS first, "
                + "toUnixTimestamp(last_minute) AS last, avg_load, p95_load, peak_load, toUnixTimestamp(peak_minute) AS peak_t, "
                + "peak_to_average",
            service,
            "service");
    if (load.isEmpty()) {
      return null;
    }
    var hour = query("workload_peak_hour", "peak_hour_utc, peak_hour_index", service, "service");
    var day = query("workload_peak_day", "peak_day, peak_day_index", service, "service");
    Map<String, Object> l = load.get(0);
    return new ServiceHistory.LoadSummary(
        number(l, "minutes").longValue(),
        instant(l, "first"),
        instant(l, "last"),
        dbl(l, "avg_load"),
        dbl(l, "p95_load"),
        dbl(l, "peak_load"),
        instant(l, "peak_t"),
        dbl(l, "peak_to_average"),
        number(hour.get(0), "peak_hour_utc").intValue(),
        dbl(hour.get(0), "peak_hour_index"),
        (String) day.get(0).get("peak_day"),
        dbl(day.get(0), "peak_day_index"));
  }

  /** The newest forecast of {@code metric} whose horizon reaches furthest (the long-range one). */
  private ServiceHistory.Forecast forecast(String service, String metric) throws SQLException {
    var rows =
        queryWhere(
            "forecast_latest",
            "step_seconds, model, trusted, interval_level, toUnixTimestamp(fitted_at) AS fitted, "
                + "toUnixTimestamp(horizon_time) AS t, value, lower, upper",
            "service = " + quote(service) + " AND metric = " + quote(metric),
            "step_seconds, t");
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Object> furthest =
        rows.stream().max(Comparator.comparing(row -> number(row, "t").longValue())).orElseThrow();
    int step = number(furthest, "step_seconds").intValue();
    List<ServiceHistory.ForecastStep> steps =
        rows.stream()
            .filter(row -> number(row, "step_seconds").intValue() == step)
            .map(
                row ->
                    new ServiceHistory.ForecastStep(
                        instant(row, "t"), dbl(row, "value"), dbl(row, "lower"), dbl(row, "upper")))
            .toList();
    return new ServiceHistory.Forecast(
        metric,
        (String) furthest.get("model"),
        number(furthest, "trusted").intValue() != 0,
        dbl(furthest, "interval_level"),
        instant(furthest, "fitted"),
        step,
        steps);
  }

  private List<Map<String, Object>> query(
      String name, String columns, String service, String orderBy) throws SQLException {
    return queryWhere(name, columns, "service = " + quote(service), orderBy);
  }

  /** A catalogue query narrowed by an outer WHERE; the outer ORDER BY fixes the row order. */
  private List<Map<String, Object>> queryWhere(
      String name, String columns, String where, String orderBy) throws SQLException {
    String sql =
        "SELECT "
            + columns
            + " FROM ("
            + QueryCatalogue.sql(name, database)
            + ") WHERE "
            + where
            + " ORDER BY "
            + orderBy;
    return QueryCatalogue.run(connection, sql);
  }

  private void requireTables() throws SQLException {
    long tables =
        number(
                QueryCatalogue.run(
                        connection,
                        "SELECT count() AS n FROM system.tables WHERE database = "
                            + quote(database)
                            + " AND name IN ('percentile_windows', 'load_forecasts', 'scaling_commands', 'alerts')")
                    .get(0),
                "n")
            .longValue();
    if (tables < 4) {
      throw new IllegalArgumentException(
          "no Headroom history in database '"
              + database
              + "': its tables are missing;"
              + " start the loader (./headroom up, ./headroom demo) or give the right --database");
    }
  }

  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static Instant newest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Number number(Map<String, Object> row, String column) {
    return (Number) row.get(column);
  }

  private static double dbl(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }

  private static Instant instant(Map<String, Object> row, String column) {
    return Instant.ofEpochSecond(number(row, column).longValue());
  }
}
