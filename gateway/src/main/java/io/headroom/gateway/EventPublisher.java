package io.headroom.gateway;

import io.headroom.gateway.mapping.MappedSample;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces mapped samples as Avro {@link MetricEvent}s keyed by service, with a bound on the
 * records not yet acknowledged: a request first reserves one permit per sample it carries; each
 * record gives its permit back when the broker answers for it. When the bound is reached the
 * gateway answers 503 instead of queueing (backpressure reaches Prometheus, which retries).
 */
final class EventPublisher implements AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int capacity;
  private final Semaphore inFlight;
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);

  EventPublisher(Producer<String, byte[]> producer, String topic, int maxInFlightRecords) {
    if (maxInFlightRecords < 1) {
      throw new IllegalArgumentException(
          "maxInFlightRecords: " + maxInFlightRecords + " must be >= 1");
    }
    this.producer = producer;
    this.topic = topic;
    this.capacity = maxInFlightRecords;
    this.inFlight = new Semaphore(maxInFlightRecords);
  }

  int capacity() {
    return capacity;
  }

  /** Records reserved and not yet acknowledged. */
  int inFlight() {
    return capacity - inFlight.availablePermits();
  }

  boolean tryReserve(int records) {
    return inFlight.tryAcquire(records);
  }

  /**
   * Waits up to {@code timeout} for {@code records} permits: a Kafka consumer waits for capacity
   * where an HTTP client is told to retry.
   */
  boolean reserve(int records, java.time.Duration timeout) throws InterruptedException {
    return inFlight.tryAcquire(
        records, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  void release(int records) {
    if (records > 0) {
      inFlight.release(records);
    }
  }

  /**
   * Sends the samples, each with one permit reserved before; completes when the broker has
   * acknowledged all of them, or exceptionally with the first failure.
   */
  CompletableFuture<Void> send(List<MappedSample> samples) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (samples.isEmpty()) {
      done.complete(null);
      return done;
    }
    AtomicInteger pending = new AtomicInteger(samples.size());
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (int i = 0; i < samples.size(); i++) {
      MappedSample sample = samples.get(i);
      try {
        MetricEvent event = toEvent(sample);
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                sample.eventTime().toEpochMilli(),
                sample.service(),
                codec.encode(event)),
            (metadata, exception) -> {
              inFlight.release();
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
              if (pending.decrementAndGet() == 0) {
                finish(done, failure.get());
              }
            });
      } catch (RuntimeException e) {
        // send() itself refused (producer closed, buffer full past max.block.ms): this and every
        // later record
        // was never handed over, so give their permits back and account for them here.
        int notSent = samples.size() - i;
        inFlight.release(notSent);
        failure.compareAndSet(null, e);
        if (pending.addAndGet(-notSent) == 0) {
          finish(done, failure.get());
        }
        break;
      }
    }
    return done;
  }

  private static void finish(CompletableFuture<Void> done, Exception failure) {
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }

  static MetricEvent toEvent(MappedSample sample) {
    return MetricEvent.newBuilder()
        .setEventId(sample.eventId())
        .setService(sample.service())
        .setInstance(sample.instance())
        .setMetric(sample.metric())
        .setKind(io.headroom.schemas.MetricKind.valueOf(sample.kind().name()))
        .setValue(sample.value())
        .setUnit(sample.unit())
        .setEventTime(sample.eventTime())
        .setLabels(sample.labels())
        .setSketch(sample.sketch() == null ? null : java.nio.ByteBuffer.wrap(sample.sketch()))
        .build();
  }

  /** Waits until every record sent so far was acknowledged or failed. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
  }
}
