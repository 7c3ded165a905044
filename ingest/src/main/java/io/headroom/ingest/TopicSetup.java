package io.headroom.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates missing topics; existing ones are left as they are. Without a replication factor, it
 * follows the cluster: 3 replicas and {@code min.insync.replicas=2} on three brokers or more, 1 on
 * a single broker. Returns once every new partition has a leader that serves it. An idempotent
 * producer whose first batch to a partition is refused (the leader is known from metadata but has
 * not created its log yet) while a later batch is accepted retries the first one with an
 * out-of-order sequence number until its delivery timeout.
 */
public final class TopicSetup {
  private static final long LEADER_TIMEOUT_MILLIS = 30_000;

  private TopicSetup() {}

  /**
   * ListOffsets is answered by the partition leader's own replica, so an answer for every partition
   * means each has a leader and that leader has created its log (metadata alone names the leader
   * first).
   */
  private static void awaitServed(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (NewTopic topic : topics) {
      for (int p = 0; p < topic.numPartitions(); p++) {
        partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
    }
    long deadline = System.currentTimeMillis() + LEADER_TIMEOUT_MILLIS;
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(LEADER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        boolean notServedYet =
            e.getCause() instanceof UnknownTopicOrPartitionException
                || e.getCause() instanceof NotLeaderOrFollowerException
                || e.getCause() instanceof LeaderNotAvailableException;
        if (!notServedYet || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Replicas per topic on a cluster of {@code brokers} brokers: 3, or every broker when fewer. */
  public static short replicationFor(int brokers) {
    return (short) Math.min(3, Math.max(1, brokers));
  }

  /**
   * {@code min.insync.replicas} for a topic of {@code replication} replicas: 2 of 3 (an {@code
   * acks=all} write survives one broker down and is on two brokers), else 1.
   */
  public static int minInsyncFor(short replication) {
    return replication >= 3 ? 2 : 1;
  }

  /**
   * Creates the missing topics with a replication factor chosen from the cluster's size ({@link
   * #replicationFor}: 3 on three brokers or more, 1 on a single broker) and the matching {@code
   * min.insync.replicas}.
   */
  public static void ensure(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
    ensure(bootstrapServers, partitionsByTopic, FROM_CLUSTER);
  }

  /** As a replication factor: choose it from the cluster's size. */
  public static final short FROM_CLUSTER = -1;

  /**
   * Creates the missing topics with {@code replication} replicas ({@link #FROM_CLUSTER}: from the
   * cluster's size) and {@code min.insync.replicas} set for it on each topic ({@link
   * #minInsyncFor}), so a topic of one replica still takes {@code acks=all} writes on a cluster
   * whose brokers default to 2.
   */
  public static void ensure(
      String bootstrapServers, Map<String, Integer> partitionsByTopic, short replication) {
    Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (existing.containsAll(partitionsByTopic.keySet())) {
        return;
      }
      short replicas =
          replication > 0
              ? replication
              : replicationFor(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
      Map<String, String> configs =
          Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncFor(replicas)));
      List<NewTopic> missing =
          partitionsByTopic.entrySet().stream()
              .filter(e -> !existing.contains(e.getKey()))
              .map(e -> new NewTopic(e.getKey(), e.getValue(), replicas).configs(configs))
              .toList();
      admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      awaitServed(admin, missing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    } finally {
      // Bounded: after a timeout the unanswered call would keep close() waiting another minute.
      admin.close(Duration.ofSeconds(5));
    }
  }
}
