package io.headroom.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates missing topics; existing ones are left as they are. Returns once every new partition has
 * a leader: an idempotent producer that writes to a partition still electing its leader can get
 * stuck retrying with out-of-order sequence numbers.
 */
public final class TopicSetup {
  private static final long LEADER_TIMEOUT_MILLIS = 30_000;

  private TopicSetup() {}

  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.currentTimeMillis() + LEADER_TIMEOUT_MILLIS;
    while (true) {
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
      boolean ready = described.values().stream()
          .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      if (ready) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException("topics " + topics + " have no leader after " + LEADER_TIMEOUT_MILLIS + " ms");
      }
      Thread.sleep(100);
    }
  }

  public static void ensure(String bootstrapServers, Map<String, Integer> partitionsByTopic, short replication) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = partitionsByTopic.entrySet().stream()
          .filter(e -> !existing.contains(e.getKey()))
          .map(e -> new NewTopic(e.getKey(), e.getValue(), replication))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }
}
