package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Real KRaft nodes, each a combined broker + controller in its own JVM, run from the {@code
 * kafka_2.13} jars of Maven Central that the build copies to {@code stack/target/kafka-broker}. One
 * node by default; a cluster of N nodes is a static quorum of N voters ({@code
 * controller.quorum.voters}), each node with its own ports and log folder: node 1 in {@code
 * <data>/kafka}, node n in {@code <data>/kafka-n}. Replication follows the cluster size (see {@link
 * #replicationFactor}): internal topics and topics created with the broker default get 3 replicas
 * and {@code min.insync.replicas=2} on three nodes or more, one replica (so transactions work) on
 * one node.
 */
final class KafkaBroker {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private KafkaBroker() {}

  /** A started node: its process, its id and its client address {@code 127.0.0.1:port}. */
  record Started(Process process, int nodeId, String bootstrapServers) {
    int port() {
      return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }
  }

  /** One node's ports, as written in its configuration. */
  private record Node(int id, int port, int controllerPort) {}

  /** Replicas of a topic on a cluster of {@code brokers} nodes: 3 at most. */
  static int replicationFactor(int brokers) {
    return Math.min(3, Math.max(1, brokers));
  }

  /** Replicas that must acknowledge an {@code acks=all} write: 2 of 3, else 1. */
  static int minInsyncReplicas(int replicationFactor) {
    return replicationFactor >= 3 ? 2 : 1;
  }

  /** Node {@code nodeId}'s folder under the stack's data folder (node 1 keeps the old name). */
  static Path home(Path dataDir, int nodeId) {
    return dataDir.resolve(nodeId == 1 ? "kafka" : "kafka-" + nodeId);
  }

  /**
   * How many nodes the cluster whose data is in {@code dataDir} has (the voters of node 1's last
   * configuration), or 0 when none was ever started there.
   */
  static int nodesOnDisk(Path dataDir) throws IOException {
    Path config = home(dataDir, 1).resolve("server.properties");
    if (!Files.isRegularFile(config)) {
      return 0;
    }
    Properties last = new Properties();
    try (var in = Files.newBufferedReader(config)) {
      last.load(in);
    }
    String voters = last.getProperty("controller.quorum.voters", "");
    return voters.isBlank() ? 0 : voters.split(",").length;
  }

  /**
   * Starts {@code count} nodes on free ports and returns once each one answers as a registered
   * broker. All processes start before any is awaited: a node is ready only once a majority of the
   * voters elected a leader.
   */
  static List<Started> startCluster(Path dataDir, Path brokerLib, int count)
      throws IOException, InterruptedException {
    List<Node> nodes = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      nodes.add(new Node(id, FreePorts.next(), FreePorts.next()));
    }
    String voters = voters(nodes);
    String clusterId = clusterId(dataDir);
    List<Process> processes = new ArrayList<>();
    List<Started> started = new ArrayList<>();
    try {
      for (Node node : nodes) {
        processes.add(launch(dataDir, brokerLib, clusterId, node, voters, count));
      }
      for (int i = 0; i < nodes.size(); i++) {
        started.add(awaitReady(dataDir, nodes.get(i), processes.get(i)));
      }
      return started;
    } catch (IOException | InterruptedException | RuntimeException e) {
      processes.forEach(Process::destroyForcibly);
      throw e;
    }
  }

  /**
   * Starts these nodes again, each on the ports of its last configuration with the same quorum, so
   * clients that know their addresses reconnect (their log folders are kept). All start before any
   * is awaited: with a majority of the voters down, none is ready alone.
   */
  static List<Started> restart(Path dataDir, Path brokerLib, List<Integer> nodeIds)
      throws IOException, InterruptedException {
    String clusterId = clusterId(dataDir);
    List<Node> nodes = new ArrayList<>();
    List<Process> processes = new ArrayList<>();
    List<Started> started = new ArrayList<>();
    try {
      for (int nodeId : nodeIds) {
        Properties last = new Properties();
        try (var in = Files.newBufferedReader(home(dataDir, nodeId).resolve("server.properties"))) {
          last.load(in);
        }
        int port = 0;
        int controllerPort = 0;
        for (String listener : last.getProperty("listeners").split(",")) {
          int value = Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
          if (listener.startsWith("CONTROLLER:")) {
            controllerPort = value;
          } else {
            port = value;
          }
        }
        String voters = last.getProperty("controller.quorum.voters");
        Node node = new Node(nodeId, port, controllerPort);
        nodes.add(node);
        processes.add(
            launch(dataDir, brokerLib, clusterId, node, voters, voters.split(",").length));
      }
      for (int i = 0; i < nodes.size(); i++) {
        started.add(awaitReady(dataDir, nodes.get(i), processes.get(i)));
      }
      return started;
    } catch (IOException | InterruptedException | RuntimeException e) {
      processes.forEach(Process::destroyForcibly);
      throw e;
    }
  }

  private static String voters(List<Node> nodes) {
    StringBuilder voters = new StringBuilder();
    for (Node node : nodes) {
      if (!voters.isEmpty()) {
        voters.append(',');
      }
      voters.append(node.id()).append("@127.0.0.1:").append(node.controllerPort());
    }
    return voters.toString();
  }

  /** Formats the node's log folder (unless it was) and starts its process. */
  private static Process launch(
      Path dataDir, Path brokerLib, String clusterId, Node node, String voters, int clusterSize)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(home(dataDir, node.id()));
    Path config = writeConfig(home, node, voters, clusterSize);
    Path log4j = writeLog4j(home);
    Path logFile = home.resolve("broker.out");
    String classpath = brokerLib.toAbsolutePath() + "/*";

    List<String> format =
        java(
            classpath,
            log4j,
            clusterSize,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId,
            "-c",
            config.toString(),
            "--ignore-formatted");
    Process formatting = ChildProcesses.start(format, home, logFile);
    if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
      formatting.destroyForcibly();
      throw new IllegalStateException("formatting the Kafka log folder failed; see " + logFile);
    }
    return ChildProcesses.start(
        java(classpath, log4j, clusterSize, "kafka.Kafka", config.toString()), home, logFile);
  }

  private static Started awaitReady(Path dataDir, Node node, Process process) {
    String bootstrap = "127.0.0.1:" + node.port();
    ChildProcesses.awaitReady(
        "Kafka broker " + node.id(),
        process,
        home(dataDir, node.id()).resolve("broker.out"),
        START_TIMEOUT,
        () -> nodeAnswers(bootstrap, node.id()));
    return new Started(process, node.id(), bootstrap);
  }

  /** Some broker at {@code bootstrap} answers with a non-empty cluster. */
  static boolean answers(String bootstrap) {
    return brokersAnswering(bootstrap).map(ids -> !ids.isEmpty()).orElse(false);
  }

  /**
   * The node at {@code bootstrap} (one address) accepts connections and answers, and the cluster
   * lists node {@code nodeId} as a live (registered, unfenced) broker.
   */
  static boolean nodeAnswers(String bootstrap, int nodeId) {
    return brokersAnswering(bootstrap).map(ids -> ids.contains(nodeId)).orElse(false);
  }

  /** The ids of the live brokers, as a node of {@code bootstrap} tells them; empty if none does. */
  static java.util.Optional<java.util.Set<Integer>> brokersAnswering(String bootstrap) {
    boolean anyListens = false;
    for (String address : bootstrap.split(",")) {
      anyListens |= acceptsConnections(address.strip());
    }
    if (!anyListens) {
      return java.util.Optional.empty();
    }
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      java.util.Set<Integer> ids = new java.util.TreeSet<>();
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).forEach(n -> ids.add(n.id()));
      return java.util.Optional.of(ids);
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean acceptsConnections(String bootstrap) {
    String[] hostPort = bootstrap.split(":");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One node keeps its 768 MB heap; each of several nodes on one machine gets 384 MB. */
  private static List<String> java(
      String classpath, Path log4j, int clusterSize, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            clusterSize > 1 ? "-Xms128m" : "-Xms256m",
            clusterSize > 1 ? "-Xmx384m" : "-Xmx768m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + log4j,
            "-cp",
            classpath,
            mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private static Path writeConfig(Path home, Node node, String voters, int clusterSize)
      throws IOException {
    String replicas = Integer.toString(replicationFactor(clusterSize));
    String minInsync = Integer.toString(minInsyncReplicas(replicationFactor(clusterSize)));
    int port = node.port();
    int controllerPort = node.controllerPort();
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(node.id()));
    p.setProperty("controller.quorum.voters", voters);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", home.resolve("logs").toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    // Topics created without a replication factor (Kafka Streams' internal topics with
    // replication.factor=-1, Admin's NewTopic without one) take these.
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", minInsync);
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", minInsync);
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", minInsync);
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Keep everything: replays carry event-time record timestamps from the past (a trace from 1995,
    // a week shifted to recent days), which time-based retention would delete before anyone reads
    // them.
    p.setProperty("log.retention.ms", "-1");
    Path file = home.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "Headroom local KRaft node " + node.id() + " of " + clusterSize);
    }
    return file;
  }

  private static Path writeLog4j(Path home) throws IOException {
    Path file = home.resolve("log4j2.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = " + home.resolve("server.log"),
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            ""));
    return file;
  }

  /**
   * The cluster's id, made once and kept in node 1's folder: every node formats with it, and a
   * restarted stack must format (or skip) with the same id.
   */
  private static String clusterId(Path dataDir) throws IOException {
    Path file = Files.createDirectories(home(dataDir, 1)).resolve("cluster.id");
    if (Files.isRegularFile(file)) {
      return Files.readString(file).strip();
    }
    String id = randomClusterId();
    Files.writeString(file, id);
    return id;
  }

  private static String randomClusterId() {
    // Kafka's own Uuid never renders with a leading '-', which the storage tool would reject.
    return org.apache.kafka.common.Uuid.randomUuid().toString();
  }
}
