package io.headroom.flink.kafka;

import java.io.Serializable;

/**
 * The event time of a decoded value, in epoch milliseconds, and whether it moves the job's event
 * time forward. Values that do not (load forecasts in the scaling job) still get a timestamp.
 */
public interface EventClock<T> extends Serializable {
  long eventTime(T value);

  /** False for side information whose times must not hold back or push on the watermark. */
  default boolean drivesWatermark(T value) {
    return true;
  }
}
