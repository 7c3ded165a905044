package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where Kafka and ClickHouse are: given explicitly, or the local stack started by {@code headroom
 * up} (read from its folder); and who to be on ClickHouse. The password comes from a file or the
 * environment, never from the command line, where {@code ps} and shell history would show it.
 */
final class ConnectionOptions {
  static final String USER_ENV = "HEADROOM_CLICKHOUSE_USER";
  static final String PASSWORD_ENV = "HEADROOM_CLICKHOUSE_PASSWORD";

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
      names = "--clickhouse-user",
      paramLabel = "NAME",
      description =
          "ClickHouse user (default: $"
              + USER_ENV
              + ", else the URL's, else the server's default user)")
  String clickhouseUser;

  @Option(
      names = "--clickhouse-password-file",
      paramLabel = "FILE",
      description =
          "File holding the ClickHouse password (default: $"
              + PASSWORD_ENV
              + ", else the URL's, else none); never printed")
  Path clickhousePasswordFile;

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
    return clickhouse(System::getenv);
  }

  /** The settings, with {@code environment} standing in for the process environment. */
  ClickHouseSettings clickhouse(UnaryOperator<String> environment) {
    String url = clickhouseUrl != null ? clickhouseUrl : localStack().clickhouseJdbcUrl();
    String user = clickhouseUser != null ? clickhouseUser : environment.apply(USER_ENV);
    String password =
        clickhousePasswordFile != null
            ? readPassword(clickhousePasswordFile)
            : environment.apply(PASSWORD_ENV);
    return ClickHouseSettings.local(url).withCredentials(user, password).withDatabase(database);
  }

  /** The file's first line: an editor's trailing newline is not part of the password. */
  private static String readPassword(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--clickhouse-password-file: file not found: " + file);
    }
    try {
      return Files.readString(file).lines().findFirst().orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "--clickhouse-password-file: cannot read " + file + ": " + e.getMessage(), e);
    }
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
