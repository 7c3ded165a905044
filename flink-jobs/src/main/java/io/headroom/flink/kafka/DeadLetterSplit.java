package io.headroom.flink.kafka;

import io.headroom.flink.serde.BytesCodec;
import io.headroom.flink.serde.CodecTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes usable values on and sends the rest to the {@link #DEAD_LETTERS} side output: records that
 * could not be decoded, and decoded records that fail the job's {@link RecordCheck} (re-encoded
 * with the codec, which gives the bytes that were read). Counts both, and logs the counts at most
 * once a minute.
 */
public final class DeadLetterSplit<T> extends ProcessFunction<Parsed<T>, T> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSplit.class);
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", CodecTypeInfo.of(new DeadLetter.Codec()));

  private final RecordCheck<T> check;
  private final BytesCodec<T> codec;
  private final String consumer;
  private transient Counter undecodable;
  private transient Counter rejected;
  private transient long sinceLog;
  private transient long lastLogNanos;

  public DeadLetterSplit(RecordCheck<T> check, BytesCodec<T> codec, String consumer) {
    this.check = check;
    this.codec = codec;
    this.consumer = consumer;
  }

  @Override
  public void open(OpenContext openContext) {
    undecodable = getRuntimeContext().getMetricGroup().counter("undecodableRecords");
    rejected = getRuntimeContext().getMetricGroup().counter("rejectedRecords");
    lastLogNanos = System.nanoTime();
  }

  @Override
  public void processElement(Parsed<T> parsed, Context ctx, Collector<T> out) {
    if (!parsed.isOk()) {
      undecodable.inc();
      deadLetter(ctx, parsed.deadLetter());
      return;
    }
    String problem = check.problem(parsed.value());
    if (problem == null) {
      out.collect(parsed.value());
      return;
    }
    rejected.inc();
    deadLetter(
        ctx,
        new DeadLetter(
            parsed.topic(),
            parsed.partition(),
            parsed.offset(),
            null,
            codec.encode(parsed.value()),
            problem,
            consumer));
  }

  private void deadLetter(Context ctx, DeadLetter letter) {
    ctx.output(DEAD_LETTERS, letter);
    sinceLog++;
    LOG.debug("dead letter from {}: {}", letter.sourcePosition(), letter.reason());
    long now = System.nanoTime();
    if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
      LOG.warn(
          "{}: {} records sent to the dead-letter topic in the last interval (last: {})",
          consumer,
          sinceLog,
          letter.reason());
      sinceLog = 0;
      lastLogNanos = now;
    }
  }
}
