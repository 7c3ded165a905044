package io.headroom.scaler;

import io.headroom.core.keda.ReplicaCommand;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.ScalingCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code scaling.commands} from the beginning on its own thread, committed transactions only
 * (the scaling job writes exactly-once; an aborted decision must never reach a cluster), into
 * {@link LatestCommands}.
 *
 * <p>No consumer group: every scaler replica needs every target's latest command, and nothing is
 * committed, so a restart reads the topic again (its retention bounds how far). Records that do not
 * decode are counted, not dead-lettered: the ClickHouse loader, which reads the same topic, already
 * sends them to {@code scaling.commands.dlq}, and each scaler replica would repeat it.
 */
final class CommandReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandReader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration JOIN = Duration.ofSeconds(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final LatestCommands commands;
  private final AvroCodec<ScalingCommand> codec = AvroCodec.of(ScalingCommand.class);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile String failure;

  private CommandReader(Map<String, Object> config, String topic, LatestCommands commands) {
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.commands = commands;
    this.thread = new Thread(this::run, "headroom-scaler-reader");
    this.thread.setDaemon(true);
  }

  /** Starts reading {@code settings.topic()} into {@code commands}. */
  static CommandReader start(ScalerSettings settings, LatestCommands commands) {
    Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "headroom-scaler");
    CommandReader reader = new CommandReader(config, settings.topic(), commands);
    reader.thread.start();
    return reader;
  }

  private void run() {
    try {
      assignWhenTopicExists();
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          accept(record);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      // Commands then age into stale answers, so KEDA's fallback takes over; the liveness line
      // says why.
      failure = e.getMessage();
      LOG.error("reading {} stopped: {}", topic, e.getMessage(), e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  /** Waits for the topic (the scaling job may create it after the scaler starts), then reads it. */
  private void assignWhenTopicExists() throws WakeupException {
    boolean logged = false;
    while (running.get()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (!partitions.isEmpty()) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        LOG.info("reading {} ({} partitions) from the beginning", topic, partitions.size());
        return;
      }
      if (!logged) {
        LOG.info("topic {} does not exist yet; waiting for it", topic);
        logged = true;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    ScalingCommand command;
    try {
      command = codec.decode(record.value());
      commands.offer(
          new ReplicaCommand(
              command.getTarget().toString(), command.getToReplicas(), command.getDecidedAt()));
    } catch (RuntimeException e) {
      commands.countUndecodable();
      LOG.debug(
          "{}-{}@{} skipped: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  /** Why reading stopped for good, if it did. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(JOIN.toMillis());
  }
}
