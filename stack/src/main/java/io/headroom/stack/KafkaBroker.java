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
 * A real single-node KRaft broker (combined broker + controller) in its own JVM, run from the
 * {@code kafka_2.13} jars of Maven Central that the build copies to {@code
 * stack/target/kafka-broker}. Internal topics use one replica so transactions (exactly-once) work
 * on one node.
 */
final class KafkaBroker {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private KafkaBroker() {}

  record Started(Process process, String bootstrapServers) {}

  static Started start(Path dataDir, Path brokerLib) throws IOException, InterruptedException {
    return start(dataDir, brokerLib, FreePorts.next(), FreePorts.next());
  }

  /**
   * Starts the broker again on the ports of its last configuration in {@code dataDir}, so clients
   * that know its address reconnect (the log folder is kept).
   */
  static Started restart(Path dataDir, Path brokerLib) throws IOException, InterruptedException {
    Properties last = new Properties();
    try (var in = Files.newBufferedReader(dataDir.resolve("kafka").resolve("server.properties"))) {
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
    return start(dataDir, brokerLib, port, controllerPort);
  }

  private static Started start(Path dataDir, Path brokerLib, int port, int controllerPort)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(dataDir.resolve("kafka"));
    Path config = writeConfig(home, port, controllerPort);
    Path log4j = writeLog4j(home);
    Path logFile = home.resolve("broker.out");
    String classpath = brokerLib.toAbsolutePath() + "/*";

    List<String> format =
        java(
            classpath,
            log4j,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId(home),
            "-c",
            config.toString(),
            "--ignore-formatted");
    Process formatting = ChildProcesses.start(format, home, logFile);
    if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
      throw new IllegalStateException("formatting the Kafka log folder failed; see " + logFile);
    }

    Process broker =
        ChildProcesses.start(
            java(classpath, log4j, "kafka.Kafka", config.toString()), home, logFile);
    String bootstrap = "127.0.0.1:" + port;
    ChildProcesses.awaitReady(
        "Kafka broker", broker, logFile, START_TIMEOUT, () -> answers(bootstrap));
    return new Started(broker, bootstrap);
  }

  static boolean answers(String bootstrap) {
    if (!acceptsConnections(bootstrap)) {
      return false;
    }
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
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

  private static List<String> java(String classpath, Path log4j, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + log4j,
            "-cp",
            classpath,
            mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private static Path writeConfig(Path home, int port, int controllerPort) throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", home.resolve("logs").toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Keep everything: replays carry event-time record timestamps from the past (a trace from 1995,
    // a week shifted to recent days), which time-based retention would delete before anyone reads
    // them.
    p.setProperty("log.retention.ms", "-1");
    Path file = home.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "Headroom local KRaft broker");
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
   * The folder's cluster id, made once: a restarted stack must format (or skip) with the same id.
   */
  private static String clusterId(Path home) throws IOException {
    Path file = home.resolve("cluster.id");
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
