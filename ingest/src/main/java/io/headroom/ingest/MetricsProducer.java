package io.headroom.ingest;

import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends metric events to Kafka as Avro single-object encoded values, keyed by service so one
 * service's events stay in one partition, in order. Sends are asynchronous; the first failure is
 * kept and thrown from the next {@link #send}, {@link #flush} or {@link #close}, so nothing is lost
 * silently. It starts only once the broker answers ({@link BrokerCheck}): a command pointed at a
 * stopped broker fails with one line instead of blocking in its first send. Later outages are
 * ridden out within the producer's delivery timeout.
 */
public final class MetricsProducer implements AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public MetricsProducer(ProducerSettings settings) {
    this(connect(settings), settings.topic());
  }

  private static Producer<String, byte[]> connect(ProducerSettings settings) {
    BrokerCheck.requireReachable(settings.clientProperties(), BrokerCheck.CONNECT_TIMEOUT);
    BrokerCheck.requireTopic(
        settings.clientProperties(), settings.topic(), BrokerCheck.CONNECT_TIMEOUT);
    return new KafkaProducer<>(settings.kafkaProperties());
  }

  MetricsProducer(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public void send(MetricEvent event) {
    throwIfFailed();
    producer.send(
        new ProducerRecord<>(
            topic,
            null,
            event.getEventTime().toEpochMilli(),
            event.getService(),
            codec.encode(event)),
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          } else {
            acknowledged.incrementAndGet();
          }
        });
  }

  /** Blocks until every event sent so far is acknowledged by the broker. */
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  /** Events the broker has acknowledged. */
  public long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("sending to " + topic + " failed: " + e.getMessage(), e);
    }
  }
}
