package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: a KRaft Kafka cluster (one node by default, or three: see {@link KafkaBroker})
 * and one ClickHouse server (or several, the shards of one cluster: see {@link ClickHouseCluster})
 * on free loopback ports, all data under one folder. {@link #up} returns once everything answers;
 * {@link #down} stops only the processes recorded by {@code up} in that folder.
 */
public final class LocalStack {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private LocalStack() {}

  /**
   * Starts the stack in {@code dataDir}, or returns the running one recorded there, with as many
   * Kafka brokers as the folder's cluster has (one for a new folder).
   *
   * @param brokerLib folder holding the broker's jars (see {@link BrokerJars})
   */
  public static StackEndpoints up(Path dataDir, Path brokerLib, boolean installIfMissing)
      throws IOException {
    return up(dataDir, brokerLib, installIfMissing, 0);
  }

  /**
   * Starts the stack in {@code dataDir} with {@code brokers} Kafka nodes (0: as many as the
   * folder's cluster has, one for a new folder), or returns (and repairs) the running one recorded
   * there.
   *
   * @throws IllegalArgumentException when the folder holds a cluster of another size: a KRaft
   *     static quorum cannot change its voters
   */
  public static StackEndpoints up(
      Path dataDir, Path brokerLib, boolean installIfMissing, int brokers) throws IOException {
    return up(dataDir, brokerLib, installIfMissing, brokers, 0);
  }

  /**
   * As {@link #up(Path, Path, boolean, int)}, with {@code clickhouseShards} ClickHouse servers (0:
   * as many as the folder has, one for a new folder).
   *
   * @throws IllegalArgumentException when the folder holds another number of shards: its tables
   *     were laid out (local or sharded) for that number
   */
  public static StackEndpoints up(
      Path dataDir, Path brokerLib, boolean installIfMissing, int brokers, int clickhouseShards)
      throws IOException {
    if (clickhouseShards < 0) {
      throw new IllegalArgumentException(
          "clickhouse-shards: must be at least 1, not " + clickhouseShards);
    }
    if (brokers < 0) {
      throw new IllegalArgumentException("brokers: must be at least 1, not " + brokers);
    }
    Path dir = Files.createDirectories(dataDir).toAbsolutePath();
    StackEndpoints running = StackEndpoints.load(dir);
    int existing = running != null ? running.brokerCount() : KafkaBroker.nodesOnDisk(dir);
    int count = brokers > 0 ? brokers : Math.max(existing, 1);
    if (existing > 0 && existing != count) {
      throw new IllegalArgumentException(
          "brokers: the stack in "
              + dir
              + " is a cluster of "
              + existing
              + " Kafka broker(s) and cannot become one of "
              + count
              + "; use another --stack-dir (or delete that one)");
    }
    int existingShards =
        running != null ? running.clickhouseShardCount() : ClickHouseCluster.shardsOnDisk(dir);
    int shards = clickhouseShards > 0 ? clickhouseShards : Math.max(existingShards, 1);
    if (existingShards > 0 && existingShards != shards) {
      throw new IllegalArgumentException(
          "clickhouse-shards: the stack in "
              + dir
              + " has "
              + existingShards
              + " ClickHouse shard(s) and cannot become "
              + shards
              + "; use another --stack-dir (or delete that one)");
    }
    if (running != null) {
      return repair(dir, brokerLib, running, installIfMissing);
    }
    List<Integer> ports = FreePorts.next(2 * shards);
    List<StackEndpoints.ClickHouseShard> clickhouse =
        startShards(
            dir, installIfMissing, ports.subList(0, shards), ports.subList(shards, 2 * shards));
    List<KafkaBroker.Started> kafka;
    try {
      kafka = KafkaBroker.startCluster(dir, brokerLib, count);
    } catch (InterruptedException e) {
      destroy(clickhouse);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the Kafka broker", e);
    } catch (IOException | RuntimeException e) {
      destroy(clickhouse);
      throw e;
    }
    StackEndpoints endpoints =
        new StackEndpoints(
            dir,
            clickhouse,
            kafka.stream()
                .map(k -> new StackEndpoints.KafkaNode(k.nodeId(), k.port(), k.process().pid()))
                .toList());
    endpoints.save();
    return endpoints;
  }

  /** Starts one server per port pair; every server's config names all of them as the cluster. */
  private static List<StackEndpoints.ClickHouseShard> startShards(
      Path dir, boolean installIfMissing, List<Integer> nativePorts, List<Integer> httpPorts)
      throws IOException {
    List<StackEndpoints.ClickHouseShard> started = new ArrayList<>();
    try {
      for (int i = 0; i < nativePorts.size(); i++) {
        started.add(startShard(dir, installIfMissing, i + 1, nativePorts, httpPorts.get(i)));
      }
    } catch (IOException | RuntimeException e) {
      destroy(started);
      throw e;
    }
    return started;
  }

  private static StackEndpoints.ClickHouseShard startShard(
      Path dir, boolean installIfMissing, int shard, List<Integer> nativePorts, int httpPort)
      throws IOException {
    int nativePort = nativePorts.get(shard - 1);
    ClickHouseServer.Started server =
        ClickHouseServer.start(dir, installIfMissing, shard, nativePort, httpPort, nativePorts);
    return new StackEndpoints.ClickHouseShard(shard, nativePort, httpPort, server.process().pid());
  }

  private static void destroy(List<StackEndpoints.ClickHouseShard> shards) {
    shards.forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroy));
  }

  /**
   * A stack that was up before: what answers is left alone (its clients stay connected), what does
   * not is stopped if it is still ours (hung) and started again on the same ports, with the same
   * data. Each Kafka node is judged on its own: on a cluster, only the dead nodes restart.
   */
  private static StackEndpoints repair(
      Path dir, Path brokerLib, StackEndpoints running, boolean installIfMissing)
      throws IOException {
    List<StackEndpoints.ClickHouseShard> deadShards = new ArrayList<>();
    for (StackEndpoints.ClickHouseShard shard : running.clickhouseShards()) {
      if (!answersWithin(
          shard.pid(), () -> ClickHouseServer.version(shard.httpPort()).isPresent())) {
        deadShards.add(shard);
      }
    }
    List<Integer> deadNodes = new ArrayList<>();
    for (StackEndpoints.KafkaNode node : running.kafkaNodes()) {
      if (!answersWithin(
          node.pid(), () -> KafkaBroker.nodeAnswers(node.bootstrapServer(), node.nodeId()))) {
        deadNodes.add(node.nodeId());
      }
    }
    if (deadShards.isEmpty() && deadNodes.isEmpty()) {
      LOG.info("local stack already running in {}", dir);
      return running;
    }
    List<StackEndpoints.ClickHouseShard> shards = new ArrayList<>(running.clickhouseShards());
    List<Integer> nativePorts =
        shards.stream().map(StackEndpoints.ClickHouseShard::nativePort).toList();
    for (StackEndpoints.ClickHouseShard dead : deadShards) {
      ChildProcesses.stopIfOurs(dead.pid(), dir, STOP_GRACE);
      shards.set(
          dead.shard() - 1,
          startShard(dir, installIfMissing, dead.shard(), nativePorts, dead.httpPort()));
      LOG.warn(
          "ClickHouse shard {} did not answer: restarted on its ports, the rest left alone",
          dead.shard());
    }
    List<StackEndpoints.KafkaNode> nodes = new ArrayList<>(running.kafkaNodes());
    if (!deadNodes.isEmpty()) {
      ChildProcesses.stopAllIfOurs(
          nodes.stream()
              .filter(n -> deadNodes.contains(n.nodeId()))
              .map(StackEndpoints.KafkaNode::pid)
              .toList(),
          dir,
          STOP_GRACE);
      List<KafkaBroker.Started> restarted;
      try {
        restarted = KafkaBroker.restart(dir, brokerLib, deadNodes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while restarting the Kafka broker", e);
      }
      for (KafkaBroker.Started started : restarted) {
        for (int i = 0; i < nodes.size(); i++) {
          if (nodes.get(i).nodeId() == started.nodeId()) {
            nodes.set(
                i,
                new StackEndpoints.KafkaNode(
                    started.nodeId(), started.port(), started.process().pid()));
          }
        }
      }
      LOG.warn(
          "Kafka node(s) {} did not answer: restarted on their ports ({}), the rest left alone",
          deadNodes,
          restarted.stream()
              .map(started -> "127.0.0.1:" + started.port())
              .collect(Collectors.joining(",")));
    }
    StackEndpoints repaired = new StackEndpoints(dir, shards, nodes);
    repaired.save();
    return repaired;
  }

  /**
   * A component whose process has exited is dead at once; one that is alive is given {@link
   * #PATIENCE} to answer, since a busy machine can slow a healthy broker past a single probe's
   * timeout, and restarting it would cut off every client for nothing.
   */
  private static boolean answersWithin(long pid, java.util.function.BooleanSupplier answers) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (answers.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(30);

  public static boolean isHealthy(StackEndpoints endpoints) {
    return endpoints.clickhouseShards().stream()
            .allMatch(s -> ClickHouseServer.version(s.httpPort()).isPresent())
        && endpoints.kafkaNodes().stream()
            .allMatch(n -> KafkaBroker.nodeAnswers(n.bootstrapServer(), n.nodeId()));
  }

  /** The ClickHouse server's version string, e.g. "18.16.1". */
  public static String clickhouseVersion(StackEndpoints endpoints) {
    return ClickHouseServer.version(endpoints.clickhouseHttpPort()).orElse("unknown");
  }

  /** Stops what {@code up} started in {@code dataDir}; returns false when nothing was running. */
  public static boolean down(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath();
    // A Flink session cluster started in the folder (by 'up') goes first: its jobs write to
    // the broker.
    boolean flink = FlinkSessionCluster.stop(dir);
    StackEndpoints endpoints = StackEndpoints.load(dir);
    if (endpoints == null) {
      return flink;
    }
    // All nodes at once: stopped one by one, the last ones would wait for a quorum that is gone.
    boolean kafka =
        ChildProcesses.stopAllIfOurs(
            endpoints.kafkaNodes().stream().map(StackEndpoints.KafkaNode::pid).toList(),
            dir,
            STOP_GRACE);
    boolean clickhouse =
        ChildProcesses.stopAllIfOurs(
            endpoints.clickhouseShards().stream().map(StackEndpoints.ClickHouseShard::pid).toList(),
            dir,
            STOP_GRACE);
    Files.deleteIfExists(dir.resolve(StackEndpoints.FILE_NAME));
    return flink || kafka || clickhouse;
  }
}
