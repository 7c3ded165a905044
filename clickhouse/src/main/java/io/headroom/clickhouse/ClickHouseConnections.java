package io.headroom.clickhouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens JDBC connections and reads the server version. */
public final class ClickHouseConnections {
  private ClickHouseConnections() {}

  public static Connection open(ClickHouseSettings settings) throws SQLException {
    return open(settings, new Properties());
  }

  /**
   * A connection whose inserts into a Distributed table return only once every shard has its rows,
   * and fail when a shard cannot take them. By default the server queues them on its disk and sends
   * them later: the loader would commit offsets for rows no shard has yet, and a shard that is down
   * would go unnoticed. A setting of the session, so a single server ignores it.
   */
  static Connection openForInserts(ClickHouseSettings settings) throws SQLException {
    Properties properties = new Properties();
    // "true", not "1": the native driver reads boolean settings with Boolean.valueOf.
    properties.setProperty("insert_distributed_sync", "true");
    return open(settings, properties);
  }

  private static Connection open(ClickHouseSettings settings, Properties properties)
      throws SQLException {
    // Only what was given: the driver lets these properties override the URL's user and password.
    if (settings.user() != null && !settings.user().isBlank()) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    try {
      return DriverManager.getConnection(settings.jdbcUrl(), properties);
    } catch (SQLException e) {
      // Neither the URL nor the driver's message may carry the password onward; the cause, which
      // might, is kept only for HEADROOM_DEBUG stack traces, which are masked as well.
      throw new SQLException(
          "cannot connect to ClickHouse at "
              + settings.redactedUrl()
              + ": "
              + Secrets.redact(e.getMessage()),
          e.getSQLState(),
          e);
    }
  }

  public static ServerVersion version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version()")) {
      rows.next();
      return ServerVersion.parse(rows.getString(1));
    }
  }
}
