package io.headroom.flink.kafka;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for a Kafka source of {@link Parsed} records: bounded out-of-orderness over the
 * values' own times, per partition (the Kafka source runs one generator per split).
 *
 * <ul>
 *   <li>Dead letters never move the watermark: a garbage record stamped with today's wall-clock
 *       time must not close a week being replayed.
 *   <li>A partition that has carried only values that do not drive the watermark (a partition of
 *       {@code load.forecasts} in the scaling job) is idle, so it never holds the job back.
 *   <li>A partition with no records for {@code idleness} is idle too ({@code withIdleness}), so one
 *       silent partition does not stop event time for all the others.
 * </ul>
 */
public final class ParsedWatermarks {
  private ParsedWatermarks() {}

  public static <T> WatermarkStrategy<Parsed<T>> strategy(
      EventClock<T> clock, Duration outOfOrderness, Duration idleness) {
    long bound = outOfOrderness.toMillis();
    WatermarkStrategy<Parsed<T>> strategy =
        WatermarkStrategy.<Parsed<T>>forGenerator(context -> new Generator<>(clock, bound))
            .withTimestampAssigner(
                (parsed, recordTimestamp) ->
                    parsed.isOk() ? clock.eventTime(parsed.value()) : recordTimestamp);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }

  static final class Generator<T> implements WatermarkGenerator<Parsed<T>> {
    private final EventClock<T> clock;
    private final long bound;
    private long maxTimestamp = Long.MIN_VALUE;
    private boolean sawSideInformation;

    Generator(EventClock<T> clock, long bound) {
      this.clock = clock;
      this.bound = bound;
    }

    @Override
    public void onEvent(Parsed<T> parsed, long timestamp, WatermarkOutput output) {
      if (!parsed.isOk()) {
        return;
      }
      if (clock.drivesWatermark(parsed.value())) {
        maxTimestamp = Math.max(maxTimestamp, clock.eventTime(parsed.value()));
      } else {
        sawSideInformation = true;
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (maxTimestamp != Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(maxTimestamp - bound - 1));
      } else if (sawSideInformation) {
        output.markIdle();
      }
    }
  }
}
