package io.headroom.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the local stack listens and which processes it started. Saved as {@code stack.properties}
 * in the stack's data folder so {@code down} stops exactly what {@code up} started.
 */
public record StackEndpoints(
    Path dataDir,
    String bootstrapServers,
    String clickhouseHost,
    int clickhouseNativePort,
    int clickhouseHttpPort,
    long kafkaPid,
    long clickhousePid) {

  static final String FILE_NAME = "stack.properties";

  /** JDBC URL for the native-protocol driver (port 9000 on a default server). */
  public String clickhouseJdbcUrl() {
    return "jdbc:clickhouse://" + clickhouseHost + ":" + clickhouseNativePort;
  }

  public String clickhouseHttpUrl() {
    return "http://" + clickhouseHost + ":" + clickhouseHttpPort;
  }

  void save() throws IOException {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrapServers);
    p.setProperty("clickhouse.host", clickhouseHost);
    p.setProperty("clickhouse.native.port", Integer.toString(clickhouseNativePort));
    p.setProperty("clickhouse.http.port", Integer.toString(clickhouseHttpPort));
    p.setProperty("kafka.pid", Long.toString(kafkaPid));
    p.setProperty("clickhouse.pid", Long.toString(clickhousePid));
    try (Writer out = Files.newBufferedWriter(dataDir.resolve(FILE_NAME))) {
      p.store(out, "Headroom local stack: written by 'headroom up', read by 'headroom down'");
    }
  }

  /** The endpoints of a stack started earlier in {@code dataDir}, or null when none was. */
  public static StackEndpoints load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return new StackEndpoints(
        dataDir,
        p.getProperty("bootstrap.servers"),
        p.getProperty("clickhouse.host"),
        Integer.parseInt(p.getProperty("clickhouse.native.port")),
        Integer.parseInt(p.getProperty("clickhouse.http.port")),
        Long.parseLong(p.getProperty("kafka.pid")),
        Long.parseLong(p.getProperty("clickhouse.pid")));
  }
}
