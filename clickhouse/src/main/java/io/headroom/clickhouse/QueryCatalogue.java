package io.headroom.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example queries of {@code clickhouse/queries/}, shipped inside the jar. They name the default
 * database {@code headroom}; {@link #sql} points them at another one.
 */
public final class QueryCatalogue {
  public static final List<String> NAMES =
      List.of(
          "p95_per_service_per_hour",
          "top_services_by_p99",
          "capacity_headroom",
          "exact_vs_sketch_p95",
          "why_did_it_scale",
          "workload_load_summary",
          "workload_peak_hour",
          "workload_peak_day",
          "workload_hourly_profile",
          "workload_weekly_profile",
          "workload_errors_latency_hourly",
          "workload_daily_load",
          "workload_resource_samples",
          "workload_hourly_load",
          "forecast_latest",
          "alerts_active",
          "demo_hourly_latency",
          "demo_hourly_windows",
          "demo_latest_forecast",
          "demo_scaling_decisions");

  private QueryCatalogue() {}

  public static String sql(String name, String database) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown query '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
    try (InputStream in = QueryCatalogue.class.getResourceAsStream("queries/" + name + ".sql")) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return sql.replace("headroom.", database + ".");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a query and returns its rows as column → value maps, in column order. */
  public static List<Map<String, Object>> run(Connection connection, String sql)
      throws SQLException {
    List<Map<String, Object>> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rows.getObject(i));
        }
        result.add(row);
      }
    }
    return result;
  }
}
