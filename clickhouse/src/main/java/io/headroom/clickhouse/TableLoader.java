package io.headroom.clickhouse;

import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.AvroCodecException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one topic into one table: poll, decode, batch, insert, and only then commit the offsets. A
 * crash between insert and commit replays the batch; the table's ReplacingMergeTree key collapses
 * the duplicates. Undecodable records go to {@code <topic>.dlq} with the reason; records the
 * table's rows refuse ({@link TableRows#rejection}) are counted and skipped.
 *
 * <p>A broker or ClickHouse that fails or stops answering, for however long, degrades the worker
 * instead of ending it: it drops what it holds uncommitted, waits (with backoff), rewinds to the
 * committed offsets and carries on, rejoining the group if it was dropped meanwhile. Only failures
 * retrying cannot fix (a bug, rejected credentials) end it, as {@link WorkerHealth#FAILED}.
 */
public final class TableLoader<T extends SpecificRecord> implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final LoaderSettings settings;
  private final TableRows<T> rows;
  private final String topic;
  private final AvroCodec<T> codec;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final WorkerStatus status;
  private final DeadLetters deadLetters;
  private final Backoff backoff = new Backoff(FIRST_RETRY, LONGEST_RETRY);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger assignedPartitions = new AtomicInteger();
  private final AtomicLong recordsLoaded = new AtomicLong();
  private final AtomicLong rowsLoaded = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  // The batch being built: rows bound to the statements, and the offsets they complete.
  private InsertBatch batch;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private int pendingRecords;
  private int pendingRejected;
  // Whether a poll since the last insert left records on the broker: a backlog is being worked off.
  private boolean behind;
  private long oldestPendingNanos;
  // Set when the positions may be past what was inserted: the next attempt seeks back first.
  private boolean rewindNeeded;

  public TableLoader(LoaderSettings settings, TableRows<T> rows, String topic) {
    this(settings, rows, topic, "loader-" + rows.table());
  }

  public TableLoader(LoaderSettings settings, TableRows<T> rows, String topic, String worker) {
    this.settings = settings;
    this.rows = rows;
    this.topic = topic;
    this.codec = AvroCodec.of(rows.type());
    this.status = new WorkerStatus(worker);
    this.deadLetters = new DeadLetters(settings, topic);
    this.consumer = new KafkaConsumer<>(LoaderClients.consumer(settings, rows.table()));
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic), new FlushBeforeRevoking());
      while (running.get()) {
        attempt();
      }
      status.stopped();
    } catch (Throwable e) {
      status.failed(e);
    } finally {
      closeClients();
    }
  }

  /**
   * Loads until stopped, or until the broker or ClickHouse fails; then waits before the next
   * attempt. Anything else escapes and ends the worker.
   */
  private void attempt() {
    try (InsertBatch opened = new InsertBatch(settings.clickhouse(), rows)) {
      batch = opened;
      if (rewindNeeded) {
        rewindToCommitted();
        rewindNeeded = false;
      }
      loadUntilStopped();
    } catch (SQLException e) {
      retryLater(e);
    } catch (RuntimeException e) {
      if (!recoverable(e)) {
        throw e;
      }
      retryLater(e);
    } finally {
      batch = null;
    }
  }

  /**
   * What waiting can fix: ClickHouse errors, Kafka's (timeouts, lost membership, an unreachable
   * broker), a dead-letter send that timed out. Rejected credentials or permissions are not.
   */
  private static boolean recoverable(RuntimeException e) {
    if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
      return false;
    }
    return e instanceof KafkaException || e instanceof DeadLetters.SendFailed;
  }

  private void retryLater(Exception e) {
    status.degraded(e, backoff.next());
    batch = null; // closed with its connections by the try that failed
    discardPending();
    deadLetters.resetAfterFailure();
    // The polled positions are past the last commit; nothing uncommitted may be skipped.
    rewindNeeded = true;
    backoff.sleep(running::get);
  }

  private void loadUntilStopped() throws SQLException {
    boolean stopping = false;
    while (!stopping) {
      // Read before the poll: a stop asked for at any moment still finds what was polled inserted.
      stopping = !running.get();
      ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
      if (polled.isEmpty() && pending.isEmpty()) {
        working(); // nothing to insert: nothing failing either
      }
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
      deadLetters.send(record, e.getMessage());
      return;
    }
    Optional<String> rejection = rows.rejection(value);
    if (rejection.isPresent()) {
      pendingRejected++;
      if (rejected.get() + pendingRejected == 1 || pendingRejected % 1000 == 0) {
        LOG.warn(
            "{} records of {} not loaded into {} so far, refused as the percentile app refuses"
                + " them (it sends them to the dead-letter topic); latest: {}",
            rejected.get() + pendingRejected,
            topic,
            rows.table(),
            rejection.get());
      }
      return;
    }
    pendingRecords++;
    rows.addRows(value, batch::add);
  }

  private void insertAndCommit() throws SQLException {
    int insertedRows = batch.rows();
    batch.execute();
    // Committing before the dead letters are acknowledged could lose them.
    deadLetters.flush();
    consumer.commitSync(pending);
    working();
    behind = false;
    recordsLoaded.addAndGet(pendingRecords);
    rowsLoaded.addAndGet(insertedRows);
    rejected.addAndGet(pendingRejected);
    clearPending();
  }

  /**
   * Healthy once an insert went through (or there is nothing to insert), not when the connection
   * opens: with sharded tables the connection opens while a shard is down and only the insert
   * fails.
   */
  private void working() {
    status.healthy();
    backoff.reset();
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
    pendingRejected = 0;
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
            Secrets.redact(e.getMessage()));
        // The batch held records of the partitions this worker keeps, read past their commit:
        // they are read again, here, or (should the broker not answer) on the next attempt.
        discardPending();
        rewindNeeded = true;
        Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
        kept.removeAll(partitions);
        rewindToCommitted(kept);
        rewindNeeded = false;
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignedPartitions.addAndGet(partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Every partition goes; the next owners start from the committed offsets.
      assignedPartitions.addAndGet(-partitions.size());
      discardPending();
    }
  }

  private void rewindToCommitted() {
    rewindToCommitted(consumer.assignment());
  }

  private void rewindToCommitted(Set<TopicPartition> partitions) {
    consumer
        .committed(partitions)
        .forEach(
            (partition, offset) -> {
              if (offset != null) {
                consumer.seek(partition, offset);
              } else {
                consumer.seekToBeginning(List.of(partition));
              }
            });
  }

  private void closeClients() {
    // Bounded: with the broker away, a default close waits 30 s for a commit and a leave.
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.debug("closing the consumer of {} failed", topic, e);
    }
    deadLetters.close();
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
    return deadLetters.sent();
  }

  /** Records the table's rows refused, counted once their offsets are committed. */
  public long rejected() {
    return rejected.get();
  }

  public WorkerHealth health() {
    return status.health();
  }

  /** Why the worker is degraded or failed; empty when it is not. */
  public String healthReason() {
    return status.reason();
  }

  /** How many times the worker went from healthy to degraded. */
  public long degradations() {
    return status.degradations();
  }

  public String worker() {
    return status.worker();
  }

  public String table() {
    return rows.table();
  }

  /** Asks the loop to insert what it has, commit, and stop. */
  @Override
  public void close() {
    running.set(false);
  }
}
