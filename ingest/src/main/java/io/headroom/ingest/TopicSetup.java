package io.headroom.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates missing topics; existing ones are left as they are. */
public final class TopicSetup {
  private TopicSetup() {}

  public static void ensure(String bootstrapServers, Map<String, Integer> partitionsByTopic, short replication) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = partitionsByTopic.entrySet().stream()
          .filter(e -> !existing.contains(e.getKey()))
          .map(e -> new NewTopic(e.getKey(), e.getValue(), replication))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }
}
