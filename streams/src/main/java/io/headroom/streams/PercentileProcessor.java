package io.headroom.streams;

import io.headroom.schemas.AvroCodecException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-time tumbling windows per service. A valid event updates its smallest window; an
 * undecodable, invalid or late one goes to the dead-letter sink as it arrived (the same key and
 * value bytes) with the reason in a header. Once stream time passes a window's end plus the grace
 * period the window is final: it is emitted (one PercentileWindow per metric) and merged into the
 * larger windows that contain it. Merging sketches is exact, so an hour equals the merge of its
 * sixty minutes bit for bit, and each event pays for one window, not one per size. An event whose
 * id was already counted in its open window is dropped and counted ({@link SeenEventIds}).
 *
 * <p>One processor rather than a chain of DSL nodes: validation, windowing and roll-up share the
 * task's stream time, and every node hop costs each event a little. It takes the record's bytes and
 * decodes only the fields windowing reads ({@link Observation}); the service comes from the event,
 * so the key is never decoded.
 */
final class PercentileProcessor implements Processor<byte[], byte[], Object, Object> {
  static final String STORE = "open-windows";
  static final String WINDOWS_SINK = "windows";
  static final String DEAD_LETTER_SINK = "dead-letters";

  /**
   * The metric group of the processor's own sensors: {@code stream-headroom-percentiles-metrics}.
   */
  static final String METRICS_SCOPE = "headroom-percentiles";

  /** Sensor of repeated event ids: {@code duplicate-events-total} and {@code -rate}, per task. */
  static final String DUPLICATES = "duplicate-events";

  /** Sensor of closed windows forwarded ({@code windows-emitted-total}), per task. */
  static final String WINDOWS_EMITTED = "windows-emitted";

  /** Sensor of records sent to the dead-letter topic ({@code dead-lettered-total}), per task. */
  static final String DEAD_LETTERED = "dead-lettered";

  private static final Logger LOG = LoggerFactory.getLogger(PercentileProcessor.class);
  private static final Duration QUIET_CHECK = Duration.ofMillis(100);

  private final EventCheck check;
  private final WindowRollUp rollUp;
  private final long graceMillis;
  private final Observation.Decoder decoder = new Observation.Decoder();
  private final QuietCommits quietCommits;
  private ProcessorContext<Object, Object> context;
  private OpenWindowStore windows;
  private long invalidSinceLog;
  private long lateSinceLog;
  private long duplicatesSinceLog;
  private Sensor duplicates;
  private Sensor windowsEmitted;
  private Sensor deadLettered;

  PercentileProcessor(StreamsSettings settings, Clock clock) {
    this.check = new EventCheck(settings, clock);
    this.rollUp = new WindowRollUp(settings);
    this.graceMillis = settings.grace().toMillis();
    this.quietCommits = new QuietCommits(settings.commitInterval().toMillis());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.windows = context.getStateStore(STORE);
    this.duplicates = sensor(DUPLICATES);
    this.windowsEmitted = sensor(WINDOWS_EMITTED);
    this.deadLettered = sensor(DEAD_LETTERED);
    context.schedule(
        Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, now -> logRejections());
    context.schedule(
        QUIET_CHECK,
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          if (quietCommits.commitDue(now)) {
            context.commit();
          }
        });
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    quietCommits.recordProcessed();
    Observation event;
    try {
      event = decoder.decode(record.value());
    } catch (AvroCodecException e) {
      deadLetter(record, e.getMessage());
      return;
    }
    Optional<String> problem = check.problem(event, windows.streamTime());
    if (problem.isPresent()) {
      deadLetter(record, problem.get());
      return;
    }
    long eventTime = event.eventTimeMillis();
    WindowKey window = rollUp.smallestContaining(event.service(), eventTime);
    if (!windows.firstSighting(window, event.eventIdHash())) {
      duplicates.record();
      duplicatesSinceLog++;
      return;
    }
    try {
      windows.update(window, rollUp::emptyWindow).add(event); // a histogram merges its sketch
    } catch (IllegalArgumentException e) {
      deadLetter(record, "sketch: " + e.getMessage());
      return;
    }
    if (eventTime > windows.streamTime()) {
      windows.advanceStreamTime(eventTime);
      closeFinalWindows();
    }
  }

  private void closeFinalWindows() {
    rollUp.closeEndingBy(
        windows,
        windows.streamTime() - graceMillis,
        window -> {
          context.forward(
              new Record<Object, Object>(
                  window.getService(), window, window.getWindowEnd().toEpochMilli()),
              WINDOWS_SINK);
          windowsEmitted.record();
        });
  }

  private void deadLetter(Record<byte[], byte[]> record, String reason) {
    if (EventCheck.isLate(reason)) {
      lateSinceLog++;
    } else {
      invalidSinceLog++;
    }
    Record<Object, Object> deadLetter =
        new Record<>(record.key(), record.value(), record.timestamp(), record.headers());
    DeadLetterHeaders.add(deadLetter.headers(), reason, context.recordMetadata());
    context.forward(deadLetter, DEAD_LETTER_SINK);
    deadLettered.record();
  }

  private void logRejections() {
    if (invalidSinceLog + lateSinceLog > 0) {
      LOG.warn(
          "sent to the dead-letter topic in the last interval: {} invalid, {} late events",
          invalidSinceLog,
          lateSinceLog);
      invalidSinceLog = 0;
      lateSinceLog = 0;
    }
    if (duplicatesSinceLog > 0) {
      LOG.info(
          "dropped {} events in the last interval whose event id was already counted",
          duplicatesSinceLog);
      duplicatesSinceLog = 0;
    }
  }

  @Override
  public void close() {
    logRejections();
    context.metrics().removeSensor(duplicates);
    context.metrics().removeSensor(windowsEmitted);
    context.metrics().removeSensor(deadLettered);
  }

  private Sensor sensor(String operation) {
    return context
        .metrics()
        .addRateTotalSensor(
            METRICS_SCOPE, context.taskId().toString(), operation, Sensor.RecordingLevel.INFO);
  }
}
