package io.headroom.clickhouse;

import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.AvroCodecException;
import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one topic into one table: poll, decode, batch, insert, and only then commit the offsets. A
 * crash between insert and commit replays the batch; the table's ReplacingMergeTree key collapses
 * the duplicates. Undecodable records go to {@code <topic>.dlq} with the reason.
 */
public final class TableLoader<T extends SpecificRecord> implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

  private final LoaderSettings settings;
  private final TableRows<T> rows;
  private final String topic;
  private final AvroCodec<T> codec;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger assignedPartitions = new AtomicInteger();
  private final AtomicLong recordsLoaded = new AtomicLong();
  private final AtomicLong rowsLoaded = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicReference<Exception> deadLetterFailure = new AtomicReference<>();
  private KafkaProducer<byte[], byte[]> deadLetterProducer;
  // The batch being built: rows bound to the statements, and the offsets they complete.
  private InsertBatch batch;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private int pendingRecords;
  // Whether a poll since the last insert left records on the broker: a backlog is being worked off.
  private boolean behind;
  private long oldestPendingNanos;

  public TableLoader(LoaderSettings settings, TableRows<T> rows, String topic) {
    this.settings = settings;
    this.rows = rows;
    this.topic = topic;
    this.codec = AvroCodec.of(rows.type());
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                settings.groupId() + "-" + rows.table(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.min(settings.batchRows(), 10_000),
                // Workers joining or leaving move only the partitions that change hands; the rest
                // keep loading.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName(),
                // A member learns from its heartbeat that a new worker wants partitions: every 3 s
                // by
                // default, long enough for one worker to load a whole replay alone while the other
                // waits.
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic), new FlushBeforeRevoking());
    try {
      while (running.get()) {
        try (InsertBatch opened = new InsertBatch(settings.clickhouse(), rows)) {
          batch = opened;
          loadUntilStopped();
        } catch (SQLException e) {
          LOG.warn(
              "loading {} into {} failed, rewinding to the last committed offsets and retrying in {} s: {}",
              topic,
              rows.table(),
              RETRY_BACKOFF.toSeconds(),
              e.getMessage());
          batch = null; // already closed, and its bound rows with its connections
          discardPending();
          rewindToCommitted();
          sleep(RETRY_BACKOFF);
        } finally {
          batch = null;
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close();
      if (deadLetterProducer != null) {
        deadLetterProducer.close();
      }
    }
  }

  private void loadUntilStopped() throws SQLException {
    boolean stopping = false;
    while (!stopping) {
      // Read before the poll: a stop asked for at any moment still finds what was polled inserted.
      stopping = !running.get();
      ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
      for (TopicPartition partition : polled.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
        if (pending.isEmpty()) {
          oldestPendingNanos = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          add(record);
        }
        pending.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
      }
      boolean lingered = System.nanoTime() - oldestPendingNanos >= settings.linger().toNanos();
      // The end of a backlog goes in at once instead of waiting out the linger. A worker keeping up
      // with live traffic is caught up after almost every poll; it goes on inserting by size and
      // linger, so ClickHouse gets few large inserts rather than one per poll.
      boolean backlogDone = caughtUpNotingLag() && behind;
      if (!pending.isEmpty()
          && (batch.rows() >= settings.batchRows() || lingered || backlogDone || stopping)) {
        try {
          insertAndCommit();
        } catch (CommitFailedException | RebalanceInProgressException e) {
          // The rows are in ClickHouse but the offsets are not committed: whoever owns the
          // partitions next replays them, and the ReplacingMergeTree key collapses the repeats.
          LOG.info(
              "offsets of {} not committed ({}); the batch will be replayed",
              topic,
              e.getMessage());
          discardPending();
          rewindToCommitted();
        }
      }
    }
  }

  /**
   * Whether this worker has read everything its partitions held at the last fetch (false while a
   * partition's lag is unknown). A lagging partition also sets {@link #behind}.
   */
  private boolean caughtUpNotingLag() {
    boolean lagKnown = true;
    boolean lagging = false;
    for (TopicPartition partition : consumer.assignment()) {
      OptionalLong lag = consumer.currentLag(partition);
      lagKnown &= lag.isPresent();
      lagging |= lag.isPresent() && lag.getAsLong() > 0;
    }
    behind |= lagging;
    return lagKnown && !lagging;
  }

  private void add(ConsumerRecord<byte[], byte[]> record) throws SQLException {
    T value;
    try {
      value = codec.decode(record.value());
    } catch (AvroCodecException e) {
      deadLetter(record, e.getMessage());
      return;
    }
    pendingRecords++;
    rows.addRows(value, batch::add);
  }

  private void insertAndCommit() throws SQLException {
    int insertedRows = batch.rows();
    batch.execute();
    if (deadLetterProducer != null) {
      deadLetterProducer.flush();
      Exception failed = deadLetterFailure.get();
      if (failed != null) {
        // Committing now would lose the records that did not reach the dead-letter topic.
        throw new IllegalStateException(
            "writing to " + Topics.deadLetterTopic(topic) + " failed: " + failed.getMessage(),
            failed);
      }
    }
    consumer.commitSync(pending);
    behind = false;
    recordsLoaded.addAndGet(pendingRecords);
    rowsLoaded.addAndGet(insertedRows);
    clearPending();
  }

  private void discardPending() {
    if (batch != null) {
      try {
        batch.clear();
      } catch (SQLException e) {
        LOG.debug("clearing the batch failed; the statement is replaced on reconnect", e);
      }
    }
    clearPending();
  }

  private void clearPending() {
    pending.clear();
    pendingRecords = 0;
  }

  /**
   * Partitions about to move to another worker: load and commit what is pending first, so the new
   * owner starts where this one stopped instead of replaying the batch.
   */
  private final class FlushBeforeRevoking implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      assignedPartitions.addAndGet(-partitions.size());
      if (partitions.isEmpty() || pending.isEmpty() || batch == null) {
        return;
      }
      try {
        insertAndCommit();
      } catch (SQLException | RuntimeException e) {
        LOG.info(
            "could not load the pending batch of {} before giving up partitions ({}); it will be replayed",
            topic,
            e.getMessage());
        discardPending();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignedPartitions.addAndGet(partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      assignedPartitions.addAndGet(-partitions.size());
      discardPending();
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    if (deadLetterProducer == null) {
      deadLetterProducer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                  ProducerConfig.ACKS_CONFIG, "all",
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                      ByteArraySerializer.class.getName()));
    }
    ProducerRecord<byte[], byte[]> dead =
        new ProducerRecord<>(Topics.deadLetterTopic(topic), record.key(), record.value());
    dead.headers().add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers()
        .add(
            Topics.DLQ_SOURCE_HEADER,
            Topics.deadLetterSource(record.topic(), record.partition(), record.offset())
                .getBytes(StandardCharsets.UTF_8));
    deadLetterProducer.send(
        dead,
        (metadata, exception) -> {
          if (exception != null) {
            deadLetterFailure.compareAndSet(null, exception);
          }
        });
    if (deadLettered.incrementAndGet() % 1000 == 1) {
      LOG.warn(
          "{} records of {} sent to {} so far; latest: {}",
          deadLettered.get(),
          topic,
          Topics.deadLetterTopic(topic),
          reason);
    }
  }

  private void rewindToCommitted() {
    var assigned = consumer.assignment();
    consumer
        .committed(assigned)
        .forEach(
            (partition, offset) -> {
              if (offset != null) {
                consumer.seek(partition, offset);
              } else {
                consumer.seekToBeginning(List.of(partition));
              }
            });
  }

  /** Partitions this worker owns right now. */
  public int assignedPartitions() {
    return assignedPartitions.get();
  }

  public long recordsLoaded() {
    return recordsLoaded.get();
  }

  public long rowsLoaded() {
    return rowsLoaded.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public String table() {
    return rows.table();
  }

  /** Asks the loop to insert what it has, commit, and stop. */
  @Override
  public void close() {
    running.set(false);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
