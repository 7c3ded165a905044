package io.headroom.gateway;

import io.headroom.gateway.mapping.Drop;
import io.headroom.gateway.mapping.MappedSample;
import io.headroom.gateway.mapping.OtlpMapper;
import io.headroom.gateway.mapping.SeriesMapper;
import io.headroom.schemas.Topics;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the OpenTelemetry Collector's Kafka exporter output ({@code encoding: otlp_proto}: one
 * protobuf {@code ExportMetricsServiceRequest} per message) with a consumer group and publishes the
 * mapped events like the HTTP endpoints do. At least once: a poll's offsets are committed only
 * after every event made from it, and every dead letter, was acknowledged; a failed send is retried
 * with the same events (not mapped again: cumulative state has moved on) until it succeeds or the
 * gateway stops.
 *
 * <p>A message that does not decode, or whose points are all unusable (no metric name, a time far
 * ahead of the clock), goes to {@code <topic>.dlq} as it arrived (same key and value bytes) with
 * {@link Topics#DLQ_REASON_HEADER} and {@link Topics#DLQ_SOURCE_HEADER}; it is counted and the
 * consumer goes on.
 */
final class OtlpKafkaConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpKafkaConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final GatewaySettings settings;
  private final String topic;
  private final String deadLetterTopic;
  private final OtlpDecoder decoder;
  private final OtlpMapper mapper;
  private final EventPublisher publisher;
  private final GatewayStats stats;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetters;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  OtlpKafkaConsumer(
      GatewaySettings settings, OtlpMapper mapper, EventPublisher publisher, GatewayStats stats) {
    this(
        settings,
        mapper,
        publisher,
        stats,
        new KafkaConsumer<>(settings.otlpConsumerProperties()),
        new KafkaProducer<>(settings.deadLetterProducerProperties()));
  }

  OtlpKafkaConsumer(
      GatewaySettings settings,
      OtlpMapper mapper,
      EventPublisher publisher,
      GatewayStats stats,
      Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> deadLetters) {
    this.settings = settings;
    this.topic = settings.otlpTopic();
    this.deadLetterTopic = Topics.deadLetterTopic(topic);
    this.decoder = new OtlpDecoder(settings.maxBodyBytes() * 8);
    this.mapper = mapper;
    this.publisher = publisher;
    this.stats = stats;
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.thread = new Thread(this::run, "otlp-kafka-consumer");
    thread.setDaemon(true);
  }

  void start() {
    consumer.subscribe(List.of(topic));
    thread.start();
    LOG.info(
        "consuming OTLP metrics from {} (group {}), dead letters to {}",
        topic,
        settings.otlpGroup(),
        deadLetterTopic);
  }

  private void run() {
    try {
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (!handle(record)) {
            return; // stopping: leave these offsets uncommitted, the next owner reads them again
          }
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        consumer.commitSync(offsets);
      }
    } catch (WakeupException e) {
      // close() woke the poll up
    } catch (RuntimeException e) {
      LOG.error("OTLP Kafka consumer stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  /** Publishes one message's events or dead-letters it; false only when stopping. */
  private boolean handle(ConsumerRecord<byte[], byte[]> record) {
    ExportMetricsServiceRequest request;
    try {
      request =
          decoder.decode(
              record.value() == null ? new byte[0] : record.value(),
              OtlpDecoder.Format.PROTOBUF,
              false);
    } catch (OtlpDecoder.BadBodyException e) {
      return deadLetter(record, e.getMessage());
    }
    int points = OtlpMapper.pointCount(request);
    if (points > publisher.capacity()) {
      return deadLetter(
          record,
          "message carries "
              + points
              + " data points, more than max-in-flight "
              + publisher.capacity());
    }
    if (!reserve(points)) {
      return false;
    }
    SeriesMapper.Result result = mapper.map(request);
    publisher.release(points - result.samples().size());
    stats.add(result);
    if (result.samples().isEmpty()
        && (result.dropped(Drop.EMPTY_NAME) > 0 || result.dropped(Drop.INVALID) > 0)) {
      return deadLetter(record, "no usable data point: " + OtlpHttpEndpoint.reasons(result));
    }
    if (result.dropped(Drop.EMPTY_NAME) + result.dropped(Drop.INVALID) > 0) {
      LOG.warn(
          "{}: some points dropped: {}",
          Topics.deadLetterSource(record.topic(), record.partition(), record.offset()),
          OtlpHttpEndpoint.reasons(result));
    }
    return publish(result.samples());
  }

  /** Sends until acknowledged; false only when stopping. */
  private boolean publish(List<MappedSample> samples) {
    boolean reserved = true;
    while (running.get()) {
      if (!reserved && !reserve(samples.size())) {
        return false;
      }
      try {
        publisher
            .send(samples)
            .get(settings.ackTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        stats.consumed(samples.size());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        // send() gave every permit back, acknowledged or not; take them anew for the retry.
        reserved = false;
        stats.failed();
        LOG.warn("Kafka did not take {} OTLP events, retrying: {}", samples.size(), e.toString());
        sleep(RETRY_BACKOFF);
      }
    }
    return false;
  }

  private boolean reserve(int records) {
    try {
      while (running.get()) {
        if (publisher.reserve(records, POLL)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(
            deadLetterTopic, null, record.timestamp(), record.key(), record.value());
    letter.headers().add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    letter
        .headers()
        .add(
            Topics.DLQ_SOURCE_HEADER,
            Topics.deadLetterSource(record.topic(), record.partition(), record.offset())
                .getBytes(StandardCharsets.UTF_8));
    while (running.get()) {
      try {
        deadLetters.send(letter).get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        stats.deadLettered();
        LOG.warn(
            "{} to {}: {}",
            Topics.deadLetterSource(record.topic(), record.partition(), record.offset()),
            deadLetterTopic,
            reason);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        LOG.warn("dead letter not acknowledged, retrying: {}", e.toString());
        sleep(RETRY_BACKOFF);
      }
    }
    return false;
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Stops polling; the current message's events are either acknowledged or read again later. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(settings.ackTimeout().toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadLetters.close(Duration.ofSeconds(5));
  }
}
