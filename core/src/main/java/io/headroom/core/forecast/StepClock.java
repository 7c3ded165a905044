package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * Counts steps since a series' first observation and checks that observations move forward. Step
 * {@code k} starts at {@code first + k * step}; timestamps off that grid are floored onto it.
 */
final class StepClock {
  private final long stepSeconds;
  private long firstSecond;
  private long lastIndex = -1;
  private long observations;

  StepClock(SeasonalPeriods periods) {
    this.stepSeconds = periods.stepSeconds();
  }

  boolean isEmpty() {
    return observations == 0;
  }

  long observations() {
    return observations;
  }

  /** Index of the last observation, -1 before the first. */
  long lastIndex() {
    return lastIndex;
  }

  /** Steps spanned from the first to the last observation inclusive (gaps count), 0 when empty. */
  long span() {
    return lastIndex + 1;
  }

  /**
   * Registers an observation at {@code time} and returns its step index.
   *
   * @throws IllegalArgumentException if {@code time} is not in a later step than the last one
   */
  long advance(Instant time) {
    if (observations == 0) {
      firstSecond = time.getEpochSecond();
      lastIndex = 0;
      observations = 1;
      return 0;
    }
    long index = indexOf(time);
    if (index <= lastIndex) {
      throw new IllegalArgumentException(
          "time: "
              + time
              + " must be at least one step after the last observation "
              + timeOf(lastIndex));
    }
    lastIndex = index;
    observations++;
    return index;
  }

  long indexOf(Instant time) {
    return Math.floorDiv(time.getEpochSecond() - firstSecond, stepSeconds);
  }

  Instant timeOf(long index) {
    return Instant.ofEpochSecond(firstSecond + index * stepSeconds);
  }

  long epochSecondOf(long index) {
    return firstSecond + index * stepSeconds;
  }

  /**
   * Index of the first step that starts strictly after {@code origin} (and after the last
   * observation).
   */
  long firstIndexAfter(Instant origin) {
    long index = Math.floorDiv(origin.getEpochSecond() - firstSecond, stepSeconds) + 1;
    return Math.max(index, lastIndex + 1);
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(firstSecond);
    out.writeLong(lastIndex);
    out.writeLong(observations);
  }

  void read(DataInput in) throws IOException {
    firstSecond = in.readLong();
    lastIndex = in.readLong();
    observations = in.readLong();
  }
}
