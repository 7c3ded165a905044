package io.headroom.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where the local stack listens and which processes it started. Saved as {@code stack.properties}
 * in the stack's data folder so {@code down} stops exactly what {@code up} started. {@link
 * #kafkaPid} is node 1's process; {@link #kafkaNodes} has every node of the cluster (one by
 * default), and {@link #bootstrapServers} lists them all.
 */
public record StackEndpoints(
    Path dataDir,
    String bootstrapServers,
    String clickhouseHost,
    int clickhouseNativePort,
    int clickhouseHttpPort,
    long kafkaPid,
    long clickhousePid,
    List<KafkaNode> kafkaNodes) {

  static final String FILE_NAME = "stack.properties";

  /** One Kafka node (combined broker + controller): its node id, client port and process. */
  public record KafkaNode(int nodeId, int port, long pid) {
    public String bootstrapServer() {
      return "127.0.0.1:" + port;
    }
  }

  public StackEndpoints {
    kafkaNodes = List.copyOf(kafkaNodes);
  }

  StackEndpoints(
      Path dataDir,
      String clickhouseHost,
      int clickhouseNativePort,
      int clickhouseHttpPort,
      long clickhousePid,
      List<KafkaNode> kafkaNodes) {
    this(
        dataDir,
        String.join(",", kafkaNodes.stream().map(KafkaNode::bootstrapServer).toList()),
        clickhouseHost,
        clickhouseNativePort,
        clickhouseHttpPort,
        kafkaNodes.get(0).pid(),
        clickhousePid,
        kafkaNodes);
  }

  /** Kafka brokers in the cluster. */
  public int brokerCount() {
    return kafkaNodes.size();
  }

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
    p.setProperty("kafka.nodes", Integer.toString(kafkaNodes.size()));
    for (int i = 0; i < kafkaNodes.size(); i++) {
      KafkaNode node = kafkaNodes.get(i);
      String prefix = "kafka.node." + (i + 1) + ".";
      p.setProperty(prefix + "id", Integer.toString(node.nodeId()));
      p.setProperty(prefix + "port", Integer.toString(node.port()));
      p.setProperty(prefix + "pid", Long.toString(node.pid()));
    }
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
    String bootstrap = p.getProperty("bootstrap.servers");
    long kafkaPid = Long.parseLong(p.getProperty("kafka.pid"));
    List<KafkaNode> nodes = new ArrayList<>();
    int count = Integer.parseInt(p.getProperty("kafka.nodes", "0"));
    for (int i = 1; i <= count; i++) {
      String prefix = "kafka.node." + i + ".";
      nodes.add(
          new KafkaNode(
              Integer.parseInt(p.getProperty(prefix + "id")),
              Integer.parseInt(p.getProperty(prefix + "port")),
              Long.parseLong(p.getProperty(prefix + "pid"))));
    }
    if (nodes.isEmpty()) {
      // Written before the stack had several nodes: one broker, node 1.
      nodes.add(
          new KafkaNode(
              1, Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)), kafkaPid));
    }
    return new StackEndpoints(
        dataDir,
        bootstrap,
        p.getProperty("clickhouse.host"),
        Integer.parseInt(p.getProperty("clickhouse.native.port")),
        Integer.parseInt(p.getProperty("clickhouse.http.port")),
        kafkaPid,
        Long.parseLong(p.getProperty("clickhouse.pid")),
        nodes);
  }
}
