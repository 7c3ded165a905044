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
 * default), and {@link #bootstrapServers} lists them all. Likewise the {@code clickhouse*} fields
 * are shard 1's server, the one clients connect to; {@link #clickhouseShards} has every shard (one
 * by default).
 */
public record StackEndpoints(
    Path dataDir,
    String bootstrapServers,
    String clickhouseHost,
    int clickhouseNativePort,
    int clickhouseHttpPort,
    long kafkaPid,
    long clickhousePid,
    List<KafkaNode> kafkaNodes,
    List<ClickHouseShard> clickhouseShards) {

  static final String FILE_NAME = "stack.properties";

  /** One Kafka node (combined broker + controller): its node id, client port and process. */
  public record KafkaNode(int nodeId, int port, long pid) {
    public String bootstrapServer() {
      return "127.0.0.1:" + port;
    }
  }

  /** One ClickHouse server of the stack: its shard number (from 1), ports and process. */
  public record ClickHouseShard(int shard, int nativePort, int httpPort, long pid) {
    public String jdbcUrl() {
      return "jdbc:clickhouse://127.0.0.1:" + nativePort;
    }
  }

  public StackEndpoints {
    kafkaNodes = List.copyOf(kafkaNodes);
    clickhouseShards = List.copyOf(clickhouseShards);
  }

  StackEndpoints(Path dataDir, List<ClickHouseShard> shards, List<KafkaNode> kafkaNodes) {
    this(
        dataDir,
        String.join(",", kafkaNodes.stream().map(KafkaNode::bootstrapServer).toList()),
        "127.0.0.1",
        shards.get(0).nativePort(),
        shards.get(0).httpPort(),
        kafkaNodes.get(0).pid(),
        shards.get(0).pid(),
        kafkaNodes,
        shards);
  }

  /** Kafka brokers in the cluster. */
  public int brokerCount() {
    return kafkaNodes.size();
  }

  /** ClickHouse servers, one per shard: 1 unless started with several shards. */
  public int clickhouseShardCount() {
    return clickhouseShards.size();
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
    p.setProperty("clickhouse.shards", Integer.toString(clickhouseShards.size()));
    for (ClickHouseShard shard : clickhouseShards) {
      String prefix = "clickhouse.shard." + shard.shard() + ".";
      p.setProperty(prefix + "native.port", Integer.toString(shard.nativePort()));
      p.setProperty(prefix + "http.port", Integer.toString(shard.httpPort()));
      p.setProperty(prefix + "pid", Long.toString(shard.pid()));
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
    int nativePort = Integer.parseInt(p.getProperty("clickhouse.native.port"));
    int httpPort = Integer.parseInt(p.getProperty("clickhouse.http.port"));
    long clickhousePid = Long.parseLong(p.getProperty("clickhouse.pid"));
    List<ClickHouseShard> shards = new ArrayList<>();
    int shardCount = Integer.parseInt(p.getProperty("clickhouse.shards", "0"));
    for (int i = 1; i <= shardCount; i++) {
      String prefix = "clickhouse.shard." + i + ".";
      shards.add(
          new ClickHouseShard(
              i,
              Integer.parseInt(p.getProperty(prefix + "native.port")),
              Integer.parseInt(p.getProperty(prefix + "http.port")),
              Long.parseLong(p.getProperty(prefix + "pid"))));
    }
    if (shards.isEmpty()) {
      // Written before the stack could have several ClickHouse shards: one server.
      shards.add(new ClickHouseShard(1, nativePort, httpPort, clickhousePid));
    }
    return new StackEndpoints(
        dataDir,
        bootstrap,
        p.getProperty("clickhouse.host"),
        nativePort,
        httpPort,
        kafkaPid,
        clickhousePid,
        nodes,
        shards);
  }
}
