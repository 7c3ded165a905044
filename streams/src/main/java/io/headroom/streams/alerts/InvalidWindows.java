package io.headroom.streams.alerts;

import io.headroom.core.window.WindowValidator;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.streams.DeadLetterHeaders;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows that decode but cannot be used (core's {@link WindowValidator}: no service, NaN numbers,
 * an end before the start) on their way to the dead-letter topic, with the reason, the source
 * position and {@value #CONSUMER} in headers, as the Flink jobs send theirs. Counted and logged at
 * most once a minute.
 */
final class InvalidWindows
    implements FixedKeyProcessor<String, PercentileWindow, PercentileWindow> {
  static final String CONSUMER = "alerts";
  private static final Logger LOG = LoggerFactory.getLogger(InvalidWindows.class);
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  private FixedKeyProcessorContext<String, PercentileWindow> context;
  private long sinceLog;
  private long lastLogNanos;

  /** Why the window cannot be used, or empty when it can. */
  static Optional<String> problem(PercentileWindow window) {
    return WindowValidator.problem(PercentileWindowMapper.toObservation(window));
  }

  @Override
  public void init(FixedKeyProcessorContext<String, PercentileWindow> context) {
    this.context = context;
    this.lastLogNanos = System.nanoTime();
  }

  @Override
  public void process(FixedKeyRecord<String, PercentileWindow> record) {
    String reason = problem(record.value()).orElseThrow(); // the branch before this one checked it
    DeadLetterHeaders.add(record.headers(), reason, context.recordMetadata(), CONSUMER);
    context.forward(record);
    sinceLog++;
    long now = System.nanoTime();
    if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
      LOG.warn(
          "{} windows sent to the dead-letter topic in the last interval (last: {})",
          sinceLog,
          reason);
      sinceLog = 0;
      lastLogNanos = now;
    }
  }
}
