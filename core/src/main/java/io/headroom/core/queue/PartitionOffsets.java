package io.headroom.core.queue;

/**
 * One partition as the broker reports it for a consumer group.
 *
 * @param partition partition number
 * @param logEndOffset the offset the next produced record gets; {@link #UNKNOWN} when the broker
 *     did not return it (KEDA then counts the partition as lag 0)
 * @param committedOffset the group's committed offset; {@link #UNKNOWN} when the group never
 *     committed on this partition (Kafka's own "invalid offset", -1)
 */
public record PartitionOffsets(int partition, long logEndOffset, long committedOffset) {
  public static final long UNKNOWN = -1;

  public PartitionOffsets {
    if (partition < 0) {
      throw new IllegalArgumentException("partition: " + partition + " must be >= 0");
    }
  }

  public static PartitionOffsets committed(int partition, long logEndOffset, long committed) {
    return new PartitionOffsets(partition, logEndOffset, committed);
  }

  public static PartitionOffsets uncommitted(int partition, long logEndOffset) {
    return new PartitionOffsets(partition, logEndOffset, UNKNOWN);
  }

  public boolean hasCommittedOffset() {
    return committedOffset != UNKNOWN;
  }

  /**
   * The partition's lag as KEDA's {@code getLagForPartition} computes it. Without a committed
   * offset: 1 under {@code latest} (0 with {@code scaleToZeroOnInvalidOffset}), the log-end offset
   * under {@code earliest} (0 with {@code scaleToZeroOnInvalidOffset}); both checks come before the
   * log-end offset is looked at, as upstream's. A log-end offset the broker did not return counts
   * 0. Otherwise log-end minus committed, unclamped as upstream's.
   */
  public long lag(KafkaLagSettings settings) {
    if (!hasCommittedOffset()) {
      if (settings.scaleToZeroOnInvalidOffset()) {
        return 0;
      }
      if (settings.offsetResetPolicy() == OffsetResetPolicy.LATEST) {
        return 1;
      }
    }
    if (logEndOffset == UNKNOWN) {
      return 0;
    }
    return hasCommittedOffset() ? logEndOffset - committedOffset : logEndOffset;
  }
}
