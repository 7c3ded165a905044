package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local stack: a real single-node KRaft Kafka broker and a ClickHouse server on free",
      "local ports, data under one folder; create the topics and tables. Returns once both are healthy."
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
      names = "--flink",
      description =
          "Also start a Flink session cluster (a JobManager and a TaskManager) for './headroom flink submit'.")
  boolean flink;

  @Option(
      names = "--flink-slots",
      defaultValue = "4",
      description = "Task slots of the Flink TaskManager (default: ${DEFAULT-VALUE})")
  int flinkSlots;

  @Override
  public Integer call() throws Exception {
    StackEndpoints stack = start(dir != null ? dir : ProjectHome.defaultStackDir(), partitions);
    FlinkSessionCluster cluster =
        flink ? FlinkSessionCluster.start(stack.dataDir(), FlinkJars.locate(), flinkSlots) : null;
    System.out.println("Local stack is up (data in " + stack.dataDir() + "):");
    System.out.println("  Kafka bootstrap servers: " + stack.bootstrapServers());
    System.out.println(
        "  ClickHouse:              "
            + stack.clickhouseJdbcUrl()
            + "  (HTTP "
            + stack.clickhouseHttpUrl()
            + ", version "
            + LocalStack.clickhouseVersion(stack)
            + ")");
    System.out.println(
        "  clickhouse-client --host 127.0.0.1 --port "
            + stack.clickhouseNativePort()
            + " --query 'SHOW TABLES FROM headroom'");
    if (cluster != null) {
      System.out.println(
          "  Flink session cluster:   "
              + cluster.restUrl()
              + "  (web UI and REST; logs in "
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
    StackEndpoints stack = LocalStack.up(dir, BrokerJars.locate(), true);
    StandardTopics.ensure(stack.bootstrapServers(), partitions);
    ClickHouseSettings clickhouse = ClickHouseSettings.local(stack.clickhouseJdbcUrl());
    try (Connection connection = ClickHouseConnections.open(clickhouse)) {
      Migrations.apply(connection, clickhouse);
    }
    return stack;
  }
}
