package io.headroom.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code retentionDays} of history. Servers with TTL (19.6+) get a table TTL and drop old
 * parts themselves; older servers get their expired day/month partitions dropped now (run it again,
 * e.g. daily, with {@code headroom load} or {@code headroom retention}).
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** Table → its time column. */
  static final Map<String, String> TIME_COLUMNS =
      Map.of(
          "metric_events", "event_time",
          "percentile_windows", "window_start",
          "load_forecasts", "fitted_at",
          "scaling_commands", "decided_at",
          "alerts", "changed_at");

  private Retention() {}

  public static void apply(Connection connection, ClickHouseSettings settings) throws SQLException {
    apply(connection, settings, "");
  }

  /**
   * @param tableSuffix appended to each table name: {@code _local} on a shard, whose data lives in
   *     the local tables (a Distributed table has neither parts nor a TTL of its own)
   */
  static void apply(Connection connection, ClickHouseSettings settings, String tableSuffix)
      throws SQLException {
    if (settings.retentionDays() == 0) {
      return;
    }
    ServerVersion version = ClickHouseConnections.version(connection);
    if (version.supportsTtl()) {
      try (Statement statement = connection.createStatement()) {
        for (Map.Entry<String, String> table : TIME_COLUMNS.entrySet()) {
          statement.execute(
              "ALTER TABLE "
                  + settings.database()
                  + "."
                  + table.getKey()
                  + tableSuffix
                  + " MODIFY TTL "
                  + table.getValue()
                  + " + INTERVAL "
                  + settings.retentionDays()
                  + " DAY");
        }
      }
      LOG.info(
          "retention: TTL of {} days set on ClickHouse {}",
          settings.retentionDays(),
          version.text());
    } else {
      int dropped =
          dropExpiredPartitions(
              connection,
              settings.database(),
              LocalDate.now(ZoneOffset.UTC).minusDays(settings.retentionDays()),
              tableSuffix);
      LOG.info(
          "retention: ClickHouse {} has no TTL; dropped {} partitions older than {} days",
          version.text(),
          dropped,
          settings.retentionDays());
    }
  }

  /** Drops partitions wholly before {@code cutoff}; partition ids are yyyyMMdd or yyyyMM. */
  public static int dropExpiredPartitions(Connection connection, String database, LocalDate cutoff)
      throws SQLException {
    return dropExpiredPartitions(connection, database, cutoff, "");
  }

  static int dropExpiredPartitions(
      Connection connection, String database, LocalDate cutoff, String tableSuffix)
      throws SQLException {
    int dropped = 0;
    for (String name : TIME_COLUMNS.keySet()) {
      String table = name + tableSuffix;
      for (String partition : partitions(connection, database, table)) {
        if (isBefore(partition, cutoff)) {
          try (Statement statement = connection.createStatement()) {
            statement.execute(
                "ALTER TABLE " + database + "." + table + " DROP PARTITION " + partition);
          }
          dropped++;
        }
      }
    }
    return dropped;
  }

  static boolean isBefore(String partition, LocalDate cutoff) {
    if (partition.length() == 8) {
      return LocalDate.parse(partition, DateTimeFormatter.BASIC_ISO_DATE).isBefore(cutoff);
    }
    if (partition.length() == 6) {
      LocalDate monthEnd =
          LocalDate.parse(partition + "01", DateTimeFormatter.BASIC_ISO_DATE).plusMonths(1);
      return !monthEnd.isAfter(cutoff);
    }
    return false;
  }

  private static List<String> partitions(Connection connection, String database, String table)
      throws SQLException {
    List<String> partitions = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT partition FROM system.parts WHERE database = ? AND table = ? AND active")) {
      statement.setString(1, database);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          partitions.add(rows.getString(1).replace("'", ""));
        }
      }
    }
    return partitions;
  }
}
