package io.headroom.streams;

import io.headroom.core.metric.MetricValidator;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricEventMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each event with the core validator and against the windows' lateness rule, and stamps
 * the record with the event's own time. Stream time here is the newest event time among
 * <em>accepted</em> events of this task, kept in a store so it survives restarts: a single event
 * from the far future cannot close every window.
 */
final class ValidationProcessor implements FixedKeyProcessor<String, MetricEvent, CheckedEvent> {
  static final String STREAM_TIME_STORE = "validated-stream-time";
  private static final Logger LOG = LoggerFactory.getLogger(ValidationProcessor.class);
  private static final String STREAM_TIME_KEY = "stream-time";

  private final MetricValidator validator;
  private final long windowMillis;
  private final long graceMillis;
  private FixedKeyProcessorContext<String, CheckedEvent> context;
  private KeyValueStore<String, Long> streamTimeStore;
  private long streamTime = Long.MIN_VALUE;
  private long rejectedSinceLog;
  private long lateSinceLog;

  ValidationProcessor(StreamsSettings settings) {
    this.validator = new MetricValidator(settings.maxFutureSkew());
    this.windowMillis = settings.smallestWindow().toMillis();
    this.graceMillis = settings.grace().toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
    this.context = context;
    this.streamTimeStore = context.getStateStore(STREAM_TIME_STORE);
    Long stored = streamTimeStore.get(STREAM_TIME_KEY);
    streamTime = stored == null ? Long.MIN_VALUE : stored;
    context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, now -> logRejections());
  }

  @Override
  public void process(FixedKeyRecord<String, MetricEvent> record) {
    MetricEvent event = record.value();
    if (event == null) {
      return;
    }
    Instant reference = streamTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(streamTime);
    Optional<String> problem = validator.problem(MetricEventMapper.toSample(event), reference);
    long eventTime = event.getEventTime().toEpochMilli();
    if (problem.isEmpty() && isLate(eventTime)) {
      lateSinceLog++;
      problem = Optional.of("late: window starting " + Instant.ofEpochMilli(windowStart(eventTime))
          + " closed (grace " + graceMillis + " ms) at stream time " + Instant.ofEpochMilli(streamTime));
    } else if (problem.isPresent()) {
      rejectedSinceLog++;
    }
    if (problem.isEmpty() && eventTime > streamTime) {
      streamTime = eventTime;
      streamTimeStore.put(STREAM_TIME_KEY, streamTime);
    }
    context.forward(record.withValue(new CheckedEvent(event, problem.orElse(null))).withTimestamp(eventTime));
  }

  private boolean isLate(long eventTime) {
    return streamTime != Long.MIN_VALUE && windowStart(eventTime) + windowMillis + graceMillis <= streamTime;
  }

  private long windowStart(long eventTime) {
    return Math.floorDiv(eventTime, windowMillis) * windowMillis;
  }

  private void logRejections() {
    if (rejectedSinceLog + lateSinceLog > 0) {
      LOG.warn("sent to the dead-letter topic in the last interval: {} invalid, {} late events", rejectedSinceLog, lateSinceLog);
      rejectedSinceLog = 0;
      lateSinceLog = 0;
    }
  }
}
