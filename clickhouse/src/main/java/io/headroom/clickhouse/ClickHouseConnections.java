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
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    try {
      return DriverManager.getConnection(settings.jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot connect to ClickHouse at " + settings.jdbcUrl() + ": " + e.getMessage(), e);
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
