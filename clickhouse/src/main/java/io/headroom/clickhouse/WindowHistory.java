package io.headroom.clickhouse;

import io.headroom.core.trace.TracePoint;
import io.headroom.core.window.Statistic;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One series of stored windows, {@code service × metric × window size}, as {@code (window start,
 * statistic)} points: what {@code history export} writes and what a forecast model is seeded with.
 * Duplicates (a window loaded twice) are merged by {@code FINAL}, as the catalogue's queries do;
 * the SQL runs on ClickHouse 18.16 and current servers.
 */
public final class WindowHistory {
  private WindowHistory() {}

  /**
   * The query: window starts in {@code [from, to)} (either may be null: unbounded), oldest first.
   */
  public static String sql(
      String database,
      String service,
      String metric,
      Statistic statistic,
      Duration window,
      Instant from,
      Instant to) {
    return "SELECT toUnixTimestamp(window_start) AS t, toFloat64("
        + statistic.label()
        + ") AS v FROM "
        + database
        + ".percentile_windows FINAL WHERE service = "
        + HistoryReader.quote(service)
        + " AND metric = "
        + HistoryReader.quote(metric)
        + " AND window_seconds = "
        + window.toSeconds()
        + (from == null ? "" : " AND window_start >= toDateTime(" + from.getEpochSecond() + ")")
        + (to == null ? "" : " AND window_start < toDateTime(" + to.getEpochSecond() + ")")
        + " ORDER BY t";
  }

  /** Reads the series; an empty list when nothing is stored. */
  public static List<TracePoint> read(
      Connection connection,
      String database,
      String service,
      String metric,
      Statistic statistic,
      Duration window,
      Instant from,
      Instant to)
      throws SQLException {
    List<TracePoint> points = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(sql(database, service, metric, statistic, window, from, to))) {
      while (rows.next()) {
        points.add(new TracePoint(Instant.ofEpochSecond(rows.getLong(1)), rows.getDouble(2)));
      }
    }
    return points;
  }
}
