package io.headroom.cli;

import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pipeline's topics with their default partition counts, each with its dead-letter topic. */
final class StandardTopics {
  private StandardTopics() {}

  static Map<String, Integer> all(int partitions) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic :
        new String[] {
          Topics.METRICS_RAW,
          Topics.METRICS_WINDOWS,
          Topics.LOAD_FORECASTS,
          Topics.SCALING_COMMANDS,
          Topics.ALERTS
        }) {
      topics.put(topic, partitions);
      topics.put(Topics.deadLetterTopic(topic), 1);
    }
    return topics;
  }

  static void ensure(String bootstrapServers, int partitions) {
    TopicSetup.ensure(bootstrapServers, all(partitions), (short) 1);
  }
}
