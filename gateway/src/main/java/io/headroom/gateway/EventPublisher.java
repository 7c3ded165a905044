package io.headroom.gateway;

import io.headroom.gateway.mapping.MappedSample;
import io.headroom.schemas.MetricEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces mapped samples as Avro {@link MetricEvent}s keyed by service, with a bound on the
 * records not yet acknowledged: a request first reserves one permit per sample it carries and gives
 * them back when the broker has answered for all its records. When the bound is reached the gateway
 * answers 503 instead of queueing (backpressure reaches Prometheus, which retries).
 */
final class EventPublisher implements AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int capacity;
  private final Semaphore inFlight;

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
   * acknowledged all of them, or exceptionally with the first failure. The request's permits go
   * back together when its last record is answered: a semaphore release per record, in the
   * producer's one network thread that also answers every other request, cost that thread more than
   * completing the batches (the bound only gets stricter: a record holds its permit until its
   * request is done).
   */
  CompletableFuture<Void> send(List<MappedSample> samples) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (samples.isEmpty()) {
      done.complete(null);
      return done;
    }
    Outstanding outstanding = new Outstanding(samples.size(), done);
    EventEncoder encoder = EventEncoder.forThisThread();
    for (int i = 0; i < samples.size(); i++) {
      MappedSample sample = samples.get(i);
      try {
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                sample.eventTime().toEpochMilli(),
                sample.service(),
                encoder.write(sample)),
            outstanding);
      } catch (RuntimeException e) {
        // send() itself refused (producer closed, buffer full past max.block.ms): this and every
        // later record was never handed over, so account for them here.
        outstanding.failure.compareAndSet(null, e);
        outstanding.answered(samples.size() - i);
        break;
      }
    }
    return done;
  }

  /** The records of one send not yet answered; the callback of each of them. */
  private final class Outstanding extends AtomicInteger implements Callback {
    private final int records;
    private final CompletableFuture<Void> done;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Outstanding(int records, CompletableFuture<Void> done) {
      super(records);
      this.records = records;
      this.done = done;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        failure.compareAndSet(null, exception);
      }
      answered(1);
    }

    void answered(int n) {
      if (addAndGet(-n) == 0) {
        inFlight.release(records);
        finish(done, failure.get());
      }
    }
  }

  private static void finish(CompletableFuture<Void> done, Exception failure) {
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }

  /**
   * The event a sample stands for; {@link EventEncoder} writes its bytes without building it, and
   * EventEncoderTest checks they are the ones Avro writes for it.
   */
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
