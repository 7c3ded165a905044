package io.headroom.core.queue;

/**
 * Where a consumer group without a committed offset would start reading, KEDA's {@code
 * offsetResetPolicy}: it decides how such a partition counts towards the lag.
 */
public enum OffsetResetPolicy {
  /** The group will skip what is already there: the partition counts as lag 1, so it wakes up. */
  LATEST,
  /** The group will read everything: the whole partition (its log-end offset) is lag. */
  EARLIEST
}
