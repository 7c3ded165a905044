package io.headroom.streams;

import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers a Streams app puts on a record it sends to its dead-letter topic. */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  /**
   * Adds the reason and where the record was read ({@code topic-partition@offset}, or {@code
   * unknown} for a record not read from a topic).
   */
  public static void add(Headers headers, String reason, Optional<RecordMetadata> read) {
    String source =
        read.map(m -> Topics.deadLetterSource(m.topic(), m.partition(), m.offset()))
            .orElse("unknown");
    headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(Topics.DLQ_SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The reason and the source, and which app rejected the record, for topics that several apps and
   * jobs read.
   */
  public static void add(
      Headers headers, String reason, Optional<RecordMetadata> read, String consumer) {
    add(headers, reason, read);
    headers.add(Topics.DLQ_CONSUMER_HEADER, consumer.getBytes(StandardCharsets.UTF_8));
  }
}
