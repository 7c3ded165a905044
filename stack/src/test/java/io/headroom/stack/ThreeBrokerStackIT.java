package io.headroom.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up --brokers 3}: a three-node KRaft cluster, and its repair after a node is killed. */
class ThreeBrokerStackIT {
  @Test
  void threeNodes_replicateByDefault_andUpRestartsOnlyTheKilledNodeOnItsPort(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    StackEndpoints first = LocalStack.up(dir, BrokerJars.locate(), true, 3);
    List<Long> pids = new java.util.ArrayList<>();
    first.kafkaNodes().forEach(n -> pids.add(n.pid()));
    System.out.printf(
        "3-node stack up in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, first);
    try {
      assertThat(first.brokerCount()).isEqualTo(3);
      assertThat(first.bootstrapServers().split(",")).hasSize(3);
      assertThat(first.kafkaNodes().stream().map(StackEndpoints.KafkaNode::pid).distinct())
          .hasSize(3);
      assertThat(LocalStack.isHealthy(first)).isTrue();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.bootstrapServers()))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
        // No replication factor given: the broker default.
        admin
            .createTopics(List.of(new NewTopic("it.three", Optional.of(2), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
        TopicDescription topic =
            onceKnown(() -> admin.describeTopics(List.of("it.three")).allTopicNames())
                .get("it.three");
        topic.partitions().forEach(p -> assertThat(p.replicas()).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "it.three");
        Config config =
            onceKnown(() -> admin.describeConfigs(List.of(resource)).all()).get(resource);
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
      }
      assertThat(LocalStack.up(dir, BrokerJars.locate(), true))
          .as("up without a broker count keeps the folder's cluster")
          .isEqualTo(first);
      assertThatThrownBy(() -> LocalStack.up(dir, BrokerJars.locate(), true, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cluster of 3");

      StackEndpoints.KafkaNode victim = first.kafkaNodes().get(1);
      kill(victim.pid());
      long repairing = System.nanoTime();
      StackEndpoints second = LocalStack.up(dir, BrokerJars.locate(), true, 3);
      pids.add(second.kafkaNodes().get(1).pid());
      System.out.printf(
          "node %d killed; up restarted it in %.1f s%n",
          victim.nodeId(), (System.nanoTime() - repairing) / 1e9);
      assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
      assertThat(second.clickhousePid())
          .as("ClickHouse left alone")
          .isEqualTo(first.clickhousePid());
      assertThat(second.kafkaNodes().get(0)).isEqualTo(first.kafkaNodes().get(0));
      assertThat(second.kafkaNodes().get(2)).isEqualTo(first.kafkaNodes().get(2));
      assertThat(second.kafkaNodes().get(1).port()).isEqualTo(victim.port());
      assertThat(second.kafkaNodes().get(1).pid()).isNotEqualTo(victim.pid());
      assertThat(StackEndpoints.load(dir)).isEqualTo(second);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", victim.bootstrapServer()))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("it.three");
      }
    } finally {
      assertThat(LocalStack.down(dir)).isTrue();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("pid %d stopped", pid)
          .isNotEqualTo(Optional.of(true));
    }
  }

  /**
   * The controller has committed the topic when {@code createTopics} returns, but the broker that
   * answers a describe may not have its metadata yet and says "unknown topic" for a moment.
   */
  private static <T> T onceKnown(Callable<KafkaFuture<T>> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return call.call().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void kill(long pid) throws Exception {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }
}
