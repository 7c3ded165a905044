package io.headroom.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned DDL, applied in order and idempotently at start: each {@code V<NNN>__name.sql} resource
 * runs once, and {@code schema_migrations} records it. Statements use {@code CREATE ... IF NOT
 * EXISTS}, so a migration interrupted before it was recorded is safe to rerun.
 */
public final class Migrations {
  static final List<String> FILES =
      List.of(
          "V001__metric_events.sql",
          "V002__percentile_windows.sql",
          "V003__load_forecasts.sql",
          "V004__scaling_commands.sql",
          "V005__alerts.sql");
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Applies the missing migrations and the retention policy; returns the versions applied now. */
  public static List<String> apply(Connection connection, ClickHouseSettings settings)
      throws SQLException {
    Map<String, String> placeholders = settings.placeholders();
    List<String> appliedNow = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + settings.database());
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + settings.database()
              + ".schema_migrations "
              + "(version String, applied_at DateTime DEFAULT now()) ENGINE = TinyLog");
      Set<String> applied = appliedVersions(statement, settings.database());
      for (String file : FILES) {
        String version = file.substring(0, file.indexOf("__"));
        if (applied.contains(version)) {
          continue;
        }
        for (String sql : statements(read(file), placeholders)) {
          statement.execute(sql);
        }
        statement.execute(
            "INSERT INTO "
                + settings.database()
                + ".schema_migrations (version) VALUES ('"
                + version
                + "')");
        appliedNow.add(version);
        LOG.info("applied ClickHouse migration {}", file);
      }
    }
    Retention.apply(connection, settings);
    return appliedNow;
  }

  private static Set<String> appliedVersions(Statement statement, String database)
      throws SQLException {
    Set<String> versions = new HashSet<>();
    try (ResultSet rows =
        statement.executeQuery("SELECT version FROM " + database + ".schema_migrations")) {
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
    }
    return versions;
  }

  static List<String> statements(String script, Map<String, String> placeholders) {
    String resolved = script;
    for (Map.Entry<String, String> p : placeholders.entrySet()) {
      resolved = resolved.replace("${" + p.getKey() + "}", p.getValue());
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : resolved.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        statements.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static String read(String file) {
    try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration resource missing: " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
