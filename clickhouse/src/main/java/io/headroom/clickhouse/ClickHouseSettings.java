package io.headroom.clickhouse;

import java.util.Map;

/**
 * Where the history lives. The JDBC URL is driver-neutral: the bundled native-protocol driver
 * ({@code com.github.housepower:clickhouse-native-jdbc}, {@code jdbc:clickhouse://host:9000}) works
 * with old and new servers; with the official driver on the classpath use its HTTP URL instead.
 *
 * @param retentionDays drop data older than this many days (0 keeps everything)
 * @param replicated create Replicated* engines (cluster deployments; needs {shard}/{replica}
 *     macros)
 */
public record ClickHouseSettings(
    String jdbcUrl,
    String user,
    String password,
    String database,
    int retentionDays,
    boolean replicated) {

  public ClickHouseSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "clickhouse url: '" + jdbcUrl + "' is not a JDBC URL (jdbc:clickhouse://host:9000)");
    }
    if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "clickhouse database: '" + database + "' must be a plain identifier");
    }
    if (retentionDays < 0) {
      throw new IllegalArgumentException(
          "clickhouse retention days: " + retentionDays + " must be >= 0");
    }
  }

  public static ClickHouseSettings local(String jdbcUrl) {
    return new ClickHouseSettings(jdbcUrl, "default", "", "headroom", 0, false);
  }

  public ClickHouseSettings withDatabase(String otherDatabase) {
    return new ClickHouseSettings(
        jdbcUrl, user, password, otherDatabase, retentionDays, replicated);
  }

  public ClickHouseSettings withRetentionDays(int days) {
    return new ClickHouseSettings(jdbcUrl, user, password, database, days, replicated);
  }

  Map<String, String> placeholders() {
    return Map.of(
        "database", database,
        "engine.prefix", replicated ? "Replicated" : "",
        "engine.args",
            replicated ? "('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')" : "");
  }
}
