package io.headroom.clickhouse;

import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's records that do not decode, sent as they arrived to {@code <topic>.dlq} with the
 * reason. The producer is made on the first one and remade after a failed send.
 */
final class DeadLetters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  /** Some records did not reach the dead-letter topic: committing past them would lose them. */
  static final class SendFailed extends RuntimeException {
    SendFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final LoaderSettings settings;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private KafkaProducer<byte[], byte[]> producer;

  DeadLetters(LoaderSettings settings, String topic) {
    this.settings = settings;
    this.topic = topic;
  }

  void send(ConsumerRecord<byte[], byte[]> record, String reason) {
    if (producer == null) {
      producer = new KafkaProducer<>(LoaderClients.deadLetterProducer(settings));
    }
    ProducerRecord<byte[], byte[]> dead =
        new ProducerRecord<>(Topics.deadLetterTopic(topic), record.key(), record.value());
    dead.headers().add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers()
        .add(
            Topics.DLQ_SOURCE_HEADER,
            Topics.deadLetterSource(record.topic(), record.partition(), record.offset())
                .getBytes(StandardCharsets.UTF_8));
    producer.send(
        dead,
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          }
        });
    if (sent.incrementAndGet() % 1000 == 1) {
      LOG.warn(
          "{} records of {} sent to {} so far; latest: {}",
          sent.get(),
          topic,
          Topics.deadLetterTopic(topic),
          reason);
    }
  }

  /** Waits until every record sent so far is acknowledged; throws when one was not. */
  void flush() {
    if (producer == null) {
      return;
    }
    producer.flush();
    Exception failed = failure.get();
    if (failed != null) {
      throw new SendFailed(
          "writing to " + Topics.deadLetterTopic(topic) + " failed: " + failed.getMessage(),
          failed);
    }
  }

  /**
   * Drops a producer that failed a send: an idempotent producer may be stuck after one; the records
   * are read and sent again after the rewind.
   */
  void resetAfterFailure() {
    if (failure.get() != null) {
      closeProducer();
      failure.set(null);
    }
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() {
    closeProducer();
  }

  private void closeProducer() {
    if (producer != null) {
      // Bounded: with the broker away, a default close would wait for every record's timeout.
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
