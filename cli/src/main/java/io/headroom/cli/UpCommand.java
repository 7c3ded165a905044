package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.ingest.TopicSetup;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local stack: a real KRaft Kafka broker (or a cluster of 3 with --brokers 3) and a",
      "ClickHouse server (or N shards with --clickhouse-shards N) and a Flink session cluster on free",
      "local ports, data under one folder; create the topics and tables.",
      "Returns once all are healthy."
    })
final class UpCommand implements Callable<Integer> {
  @Option(
      names = {"--stack-dir", "--dir"},
      paramLabel = "DIR",
      description = "Data folder (default: .headroom/stack)")
  Path dir;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--brokers",
      paramLabel = "N",
      description =
          "Kafka brokers (KRaft nodes, each broker and controller): 1 or 3. On 3, topics get 3"
              + " replicas and min.insync.replicas=2. Default: the folder's cluster, else 1.")
  Integer brokers;

  @Option(
      names = "--clickhouse-shards",
      paramLabel = "N",
      description =
          "ClickHouse servers, the shards of one cluster: tables become Distributed tables over"
              + " local ones on each shard, sharded by service. Default: the folder's, else 1.")
  Integer clickhouseShards;

  @Spec CommandSpec spec;

  @Option(
      names = "--flink",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also start a Flink session cluster (a JobManager and a TaskManager) for './headroom flink"
              + " submit' (the default; --no-flink leaves it out: about 1.5 GB less and 15 s faster).")
  boolean flink;

  @Option(
      names = "--flink-slots",
      defaultValue = "4",
      description = "Task slots of the Flink TaskManager (default: ${DEFAULT-VALUE})")
  int flinkSlots;

  @Option(
      names = "--taskmanagers",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Flink TaskManagers, each a process with --flink-slots slots (default: ${DEFAULT-VALUE})")
  int taskManagers;

  @Override
  public Integer call() throws Exception {
    if (taskManagers < 1 || taskManagers > 1 && !flink) {
      throw new ParameterException(
          spec.commandLine(),
          "--taskmanagers: "
              + (taskManagers < 1 ? taskManagers + " must be >= 1" : "not with --no-flink"));
    }
    if (brokers != null && brokers != 1 && brokers != 3) {
      throw new ParameterException(
          spec.commandLine(), "--brokers: 1 or 3 (a KRaft quorum of one or three), not " + brokers);
    }
    if (clickhouseShards != null && clickhouseShards < 1) {
      throw new ParameterException(
          spec.commandLine(), "--clickhouse-shards: must be >= 1, not " + clickhouseShards);
    }
    StackEndpoints stack;
    try {
      stack =
          start(
              dir != null ? dir : ProjectHome.defaultStackDir(),
              partitions,
              brokers == null ? 0 : brokers,
              clickhouseShards == null ? 0 : clickhouseShards);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null
          || !(e.getMessage().startsWith("brokers:")
              || e.getMessage().startsWith("clickhouse-shards:"))) {
        throw e;
      }
      // The folder holds a cluster of another size.
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    FlinkSessionCluster cluster =
        flink
            ? FlinkSessionCluster.start(
                stack.dataDir(), FlinkJars.locate(), flinkSlots, taskManagers)
            : null;
    System.out.println("Local stack is up (data in " + stack.dataDir() + "):");
    System.out.println("  Kafka bootstrap servers: " + stack.bootstrapServers());
    if (stack.brokerCount() > 1) {
      short replicas = TopicSetup.replicationFor(stack.brokerCount());
      System.out.println(
          "  Kafka cluster:           "
              + stack.brokerCount()
              + " brokers (KRaft, each broker and controller), topics with "
              + replicas
              + " replicas, min.insync.replicas="
              + TopicSetup.minInsyncFor(replicas));
    }
    System.out.println(
        "  ClickHouse:              "
            + stack.clickhouseJdbcUrl()
            + "  (HTTP "
            + stack.clickhouseHttpUrl()
            + ", version "
            + LocalStack.clickhouseVersion(stack)
            + ")");
    if (stack.clickhouseShardCount() > 1) {
      System.out.println(
          "  ClickHouse shards:       "
              + stack.clickhouseShardCount()
              + " servers (cluster 'headroom', native ports "
              + String.join(
                  ", ",
                  stack.clickhouseShards().stream()
                      .map(s -> Integer.toString(s.nativePort()))
                      .toList())
              + "); tables are Distributed over <table>_local on each, sharded by service");
    }
    System.out.println(
        "  clickhouse-client --host 127.0.0.1 --port "
            + stack.clickhouseNativePort()
            + " --query 'SHOW TABLES FROM headroom'");
    if (cluster != null) {
      System.out.println(
          "  Flink session cluster:   "
              + cluster.restUrl()
              + "  ("
              + cluster.taskManagerPids().size()
              + (cluster.taskManagerPids().size() == 1 ? " TaskManager" : " TaskManagers")
              + "; web UI and REST; logs in "
              + cluster.home().resolve("log")
              + ")");
    }
    System.out.println("Stop it with: " + stopCommand(dir));
    return 0;
  }

  /** The command that stops this stack: it names the folder unless it is the default one. */
  static String stopCommand(Path dir) {
    return dir == null
            || dir.toAbsolutePath()
                .normalize()
                .equals(ProjectHome.defaultStackDir().toAbsolutePath().normalize())
        ? "./headroom down"
        : "./headroom down --stack-dir " + dir;
  }

  static StackEndpoints start(Path dir, int partitions) throws Exception {
    return start(dir, partitions, 0);
  }

  /**
   * Starts (or repairs) the stack with {@code brokers} Kafka brokers (0: as many as the folder's
   * cluster has, else 1) and creates the topics, replicated as the cluster's size allows, and the
   * tables.
   */
  static StackEndpoints start(Path dir, int partitions, int brokers) throws Exception {
    return start(dir, partitions, brokers, 0);
  }

  /**
   * As {@link #start(Path, int, int)} with {@code clickhouseShards} ClickHouse servers (0: as many
   * as the folder has, else 1); on several, the migrations lay the tables out over the shards.
   */
  static StackEndpoints start(Path dir, int partitions, int brokers, int clickhouseShards)
      throws Exception {
    StackEndpoints stack = LocalStack.up(dir, BrokerJars.locate(), true, brokers, clickhouseShards);
    TopicSetup.ensure(stack.bootstrapServers(), StandardTopics.all(partitions));
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    return stack;
  }
}
