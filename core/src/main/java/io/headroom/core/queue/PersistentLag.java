package io.headroom.core.queue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KEDA's {@code excludePersistentLag} ({@code getLagForPartition} in {@code
 * pkg/scalers/kafka_scaler.go}): a consumer stuck on a record it cannot process keeps the same
 * committed offset from one polling cycle to the next, and adding consumers would not help it, so
 * that partition's lag is left out of the metric. It still counts for the activation (upstream's
 * {@code totalLagWithPersistent}), so the stuck target is not scaled to zero either.
 *
 * <p>Upstream's per-partition memory ({@code previousOffsets}), reproduced exactly: a partition
 * without a committed offset or whose log-end offset the broker did not return takes its early
 * return before the check and is neither compared nor remembered; a partition seen for the first
 * time is remembered and counted; one whose committed offset equals the remembered one counts 0
 * (whatever its lag); one that moved is remembered anew and counted. The memory belongs to the
 * target and must survive between readings (the live job keeps it in its keyed state).
 */
public final class PersistentLag {
  private PersistentLag() {}

  /**
   * The lag of one reading and upstream's memory after it.
   *
   * @param lag the metric, with the persistent partitions' lag left out of {@code totalLag}
   * @param previousOffsets the committed offset remembered per partition, for the next reading
   */
  public record Measured(ConsumerLag lag, Map<Integer, Long> previousOffsets) {
    public Measured {
      previousOffsets = Map.copyOf(previousOffsets);
    }
  }

  /**
   * Measures {@code offsets} as {@link ConsumerLag#of(List, KafkaLagSettings)} does, leaving out
   * persistent lag when {@code settings.excludePersistentLag()}; without it the memory is returned
   * unchanged, as upstream does not touch it then.
   */
  public static Measured measure(
      List<PartitionOffsets> offsets,
      KafkaLagSettings settings,
      Map<Integer, Long> previousOffsets) {
    if (!settings.excludePersistentLag()) {
      return new Measured(ConsumerLag.of(offsets, settings), previousOffsets);
    }
    if (offsets.isEmpty()) {
      throw new IllegalArgumentException("topic has no partitions: nothing to measure");
    }
    Map<Integer, Long> remembered = new TreeMap<>(previousOffsets);
    long total = 0;
    long persistent = 0;
    int withLag = 0;
    for (PartitionOffsets partition : offsets) {
      long lag = partition.lag(settings);
      if (partition.hasCommittedOffset() && partition.logEndOffset() != PartitionOffsets.UNKNOWN) {
        Long previous = remembered.put(partition.partition(), partition.committedOffset());
        if (previous != null && previous == partition.committedOffset()) {
          persistent += lag;
          lag = 0;
        }
      }
      total += lag;
      withLag += lag > 0 ? 1 : 0;
    }
    return new Measured(
        ConsumerLag.of(total, persistent, offsets.size(), withLag, settings), remembered);
  }
}
