package io.headroom.clickhouse;

import java.util.Map;

/**
 * Where the history lives. The JDBC URL is driver-neutral: the bundled native-protocol driver
 * ({@code com.github.housepower:clickhouse-native-jdbc}, {@code jdbc:clickhouse://host:9000}) works
 * with old and new servers; with the official driver on the classpath use its HTTP URL instead.
 *
 * @param user the ClickHouse user, or null for the URL's or the driver's default ({@code default})
 * @param password null or empty for none; never printed: {@link #toString} and every error mask it
 *     ({@link Secrets}), as they mask a password given inside the URL
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
    // Registered before anything can fail, so even this constructor's errors are masked.
    Secrets.register(password);
    Secrets.registerUrlPassword(jdbcUrl);
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "clickhouse url: '"
              + Secrets.redact(jdbcUrl)
              + "' is not a JDBC URL (jdbc:clickhouse://host:9000)");
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

  /** No user or password of its own: the URL's, else the driver's default user. */
  public static ClickHouseSettings local(String jdbcUrl) {
    return new ClickHouseSettings(jdbcUrl, null, null, "headroom", 0, false);
  }

  /** The same server as another user; a null user or password keeps the URL's. */
  public ClickHouseSettings withCredentials(String otherUser, String otherPassword) {
    return new ClickHouseSettings(
        jdbcUrl, otherUser, otherPassword, database, retentionDays, replicated);
  }

  /** The URL as it may be printed. */
  public String redactedUrl() {
    return Secrets.redact(jdbcUrl);
  }

  @Override
  public String toString() {
    return "ClickHouseSettings[url="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password == null || password.isEmpty() ? "(none)" : Secrets.MASK)
        + ", database="
        + database
        + "]";
  }

  public ClickHouseSettings withDatabase(String otherDatabase) {
    return new ClickHouseSettings(
        jdbcUrl, user, password, otherDatabase, retentionDays, replicated);
  }

  /**
   * The same user and database on another server of the cluster: the URL's host and port replaced,
   * anything else (user info, path, parameters) kept.
   */
  public ClickHouseSettings atServer(String host, int port) {
    java.util.regex.Matcher url =
        java.util.regex.Pattern.compile("^(jdbc:[a-z:]+//(?:[^@/?]*@)?)[^/?]+(.*)$")
            .matcher(jdbcUrl);
    if (!url.matches()) {
      throw new IllegalArgumentException(
          "clickhouse url: cannot find the host in '" + redactedUrl() + "'");
    }
    return new ClickHouseSettings(
        url.group(1) + host + ":" + port + url.group(2),
        user,
        password,
        database,
        retentionDays,
        replicated);
  }

  public ClickHouseSettings withRetentionDays(int days) {
    return new ClickHouseSettings(jdbcUrl, user, password, database, days, replicated);
  }

  /**
   * @param local the suffix of the tables the migrations create: "" on a single server, {@code
   *     _local} on each shard of a cluster
   */
  Map<String, String> placeholders(String local) {
    return Map.of(
        "database",
        database,
        "local",
        local,
        "engine.prefix",
        replicated ? "Replicated" : "",
        "engine.args",
        replicated ? "('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')" : "");
  }
}
