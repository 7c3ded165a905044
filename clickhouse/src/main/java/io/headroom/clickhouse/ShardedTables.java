package io.headroom.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout on a server whose config defines the {@code remote_servers} cluster {@value #CLUSTER}
 * with two or more shards: each table is {@code <name>_local} on every shard, and {@code <name>} is
 * a {@code Distributed} table over them on every shard, so loaders and queries keep using the plain
 * names against any server. Rows are sharded by service (scaling commands by target): all rows of
 * one ReplacingMergeTree key land on one shard, so {@code FINAL}, which collapses only within a
 * shard, still gives exact counts.
 */
final class ShardedTables {
  /** The cluster name looked up in {@code system.clusters}. */
  static final String CLUSTER = "headroom";

  static final String LOCAL_SUFFIX = "_local";

  /** Table → sharding key: every table's replace key starts with this column. */
  static final Map<String, String> SHARDING_KEYS =
      Map.of(
          "metric_events", "cityHash64(service)",
          "percentile_windows", "cityHash64(service)",
          "load_forecasts", "cityHash64(service)",
          "scaling_commands", "cityHash64(target)",
          "alerts", "cityHash64(service)");

  private static final Pattern CREATE_LOCAL =
      Pattern.compile(
          "^CREATE TABLE IF NOT EXISTS (\\w+)\\.(\\w+)" + LOCAL_SUFFIX + "\\b",
          Pattern.CASE_INSENSITIVE);

  private ShardedTables() {}

  /**
   * Settings for each shard's server, in shard order; empty when the server defines no cluster
   * {@value #CLUSTER} of two or more shards (a single server: plain tables, as always).
   */
  static List<ClickHouseSettings> shards(Connection connection, ClickHouseSettings settings)
      throws SQLException {
    List<ClickHouseSettings> shards = new ArrayList<>();
    // One replica per shard is all the stack defines; with replicas, any one will do for DDL
    // since Replicated engines share it.
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT host_name, port FROM system.clusters WHERE cluster = ? AND replica_num = 1"
                + " ORDER BY shard_num")) {
      statement.setString(1, CLUSTER);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          shards.add(settings.atServer(rows.getString(1), rows.getInt(2)));
        }
      }
    }
    return shards.size() >= 2 ? shards : List.of();
  }

  /**
   * The Distributed table over {@code statement}'s local table, when {@code statement} creates one
   * (empty otherwise).
   */
  static Optional<String> distributedFor(String statement) {
    Matcher match = CREATE_LOCAL.matcher(statement.strip());
    if (!match.find()) {
      return Optional.empty();
    }
    String database = match.group(1);
    String table = match.group(2);
    String key = SHARDING_KEYS.get(table);
    if (key == null) {
      throw new IllegalStateException(
          "no sharding key for table " + table + ": add it to ShardedTables.SHARDING_KEYS");
    }
    return Optional.of(
        "CREATE TABLE IF NOT EXISTS %1$s.%2$s AS %1$s.%2$s%3$s ENGINE = Distributed(%4$s, %1$s, %2$s%3$s, %5$s)"
            .formatted(database, table, LOCAL_SUFFIX, CLUSTER, key));
  }
}
