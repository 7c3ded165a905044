package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where Kafka and ClickHouse are: given explicitly, or the local stack started by {@code headroom
 * up} (read from its folder).
 */
final class ConnectionOptions {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: the local stack's broker)")
  String bootstrap;

  @Option(
      names = "--clickhouse",
      paramLabel = "JDBC_URL",
      description =
          "ClickHouse JDBC URL, e.g. jdbc:clickhouse://127.0.0.1:9000 (default: the local stack's server)")
  String clickhouseUrl;

  @Option(
      names = "--database",
      defaultValue = "headroom",
      description = "ClickHouse database (default: ${DEFAULT-VALUE})")
  String database;

  @Option(
      names = "--stack-dir",
      paramLabel = "DIR",
      description = "Folder of the local stack (default: .headroom/stack)")
  Path stackDir;

  String bootstrapServers() {
    if (bootstrap != null) {
      return bootstrap;
    }
    return localStack().bootstrapServers();
  }

  ClickHouseSettings clickhouse() {
    String url = clickhouseUrl != null ? clickhouseUrl : localStack().clickhouseJdbcUrl();
    return ClickHouseSettings.local(url).withDatabase(database);
  }

  Path stackDir() {
    return stackDir != null ? stackDir : ProjectHome.defaultStackDir();
  }

  private StackEndpoints localStack() {
    try {
      StackEndpoints endpoints = StackEndpoints.load(stackDir().toAbsolutePath());
      if (endpoints == null) {
        throw new IllegalArgumentException(
            "no local stack in "
                + stackDir()
                + ": start one with './headroom up' or pass --bootstrap and --clickhouse");
      }
      return endpoints;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
