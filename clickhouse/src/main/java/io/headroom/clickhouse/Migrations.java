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
import java.util.Optional;
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

  /**
   * Applies the missing migrations and the retention policy; returns the versions applied now. On a
   * server that defines the sharded cluster ({@link ShardedTables}), every statement runs on every
   * shard against the {@code _local} tables, and each table gets its Distributed table on every
   * shard; {@code schema_migrations} stays on the server of {@code connection}.
   */
  public static List<String> apply(Connection connection, ClickHouseSettings settings)
      throws SQLException {
    List<ClickHouseSettings> shards = ShardedTables.shards(connection, settings);
    List<Connection> targets = new ArrayList<>();
    try {
      if (shards.isEmpty()) {
        targets.add(connection);
      } else {
        for (ClickHouseSettings shard : shards) {
          targets.add(ClickHouseConnections.open(shard));
        }
      }
      List<String> appliedNow =
          apply(connection, targets, settings, shards.isEmpty() ? "" : ShardedTables.LOCAL_SUFFIX);
      for (Connection target : targets) {
        Retention.apply(target, settings, shards.isEmpty() ? "" : ShardedTables.LOCAL_SUFFIX);
      }
      return appliedNow;
    } finally {
      if (!shards.isEmpty()) {
        for (Connection target : targets) {
          target.close();
        }
      }
    }
  }

  private static List<String> apply(
      Connection connection, List<Connection> targets, ClickHouseSettings settings, String local)
      throws SQLException {
    Map<String, String> placeholders = settings.placeholders(local);
    List<String> appliedNow = new ArrayList<>();
    for (Connection target : targets) {
      execute(target, "CREATE DATABASE IF NOT EXISTS " + settings.database());
    }
    try (Statement statement = connection.createStatement()) {
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
          for (Connection target : targets) {
            execute(target, sql);
          }
          // After the local table exists on every shard: its structure is copied from there.
          Optional<String> distributed = ShardedTables.distributedFor(sql);
          if (distributed.isPresent()) {
            for (Connection target : targets) {
              execute(target, distributed.get());
            }
          }
        }
        statement.execute(
            "INSERT INTO "
                + settings.database()
                + ".schema_migrations (version) VALUES ('"
                + version
                + "')");
        appliedNow.add(version);
        LOG.info(
            "applied ClickHouse migration {}{}",
            file,
            targets.size() > 1 ? " on " + targets.size() + " shards" : "");
      }
    }
    return appliedNow;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
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
