package io.headroom.core.queue;

import java.util.List;
import java.util.Locale;

/**
 * A consumer group's lag on one topic and the metric KEDA's Kafka scaler reports for it ({@code
 * getTotalLag}, {@code GetMetricsAndActivity}).
 *
 * <p>KEDA keeps the HPA at or below the partition count by capping the reported lag, not the
 * replicas: when {@code totalLag / lagThreshold} (integer division, as upstream's int64) exceeds
 * the bound, the metric becomes {@code bound × lagThreshold}. Because the division truncates, a lag
 * just under {@code (bound + 1) × lagThreshold} is reported whole and the HPA's {@code ceil(lag /
 * threshold)} can still ask for {@code bound + 1} replicas: upstream's behaviour, kept.
 *
 * @param totalLag the sum of the partitions' lags, uncapped
 * @param metricValue the value the HPA sees for the External AverageValue metric
 * @param partitions partitions of the topic; 0 for a queue that has none
 * @param partitionsWithLag partitions whose lag is above 0
 * @param bound the replica bound the cap enforces ({@code partitions}, or {@code partitionsWithLag}
 *     with {@code limitToPartitionsWithLag}); -1 with {@code allowIdleConsumers}
 * @param lagThreshold the AverageValue target
 * @param active true while {@code totalLag > activationLagThreshold}
 * @param activationLagThreshold the activation threshold, for the reason
 * @param persistentLag lag left out of {@code totalLag} by {@code excludePersistentLag} (upstream's
 *     {@code totalLagWithPersistent - totalLag}); it still counts for the activation, so a stuck
 *     partition keeps the target awake but does not add consumers
 */
public record ConsumerLag(
    long totalLag,
    long metricValue,
    int partitions,
    int partitionsWithLag,
    int bound,
    long lagThreshold,
    boolean active,
    long activationLagThreshold,
    long persistentLag) {

  /** The lag of a group over the partitions the broker listed. */
  public static ConsumerLag of(List<PartitionOffsets> offsets, KafkaLagSettings settings) {
    if (offsets.isEmpty()) {
      // upstream: "expected at least one active partition within the topic"
      throw new IllegalArgumentException("topic has no partitions: nothing to measure");
    }
    long total = 0;
    int withLag = 0;
    for (PartitionOffsets partition : offsets) {
      long lag = partition.lag(settings);
      total += lag;
      withLag += lag > 0 ? 1 : 0;
    }
    return of(total, offsets.size(), withLag, settings);
  }

  /**
   * The depth of a queue that is not partitioned (a job queue, a {@code QUEUE_DEPTH} metric from
   * any source): the same AverageValue target and activation, no cap.
   */
  public static ConsumerLag unpartitioned(long depth, KafkaLagSettings settings) {
    return of(depth, 0, 0, settings);
  }

  /**
   * The metric from totals (0 partitions: an unpartitioned queue, never capped), for a source that
   * only knows them (the queue model of the backtest, the events {@code ./headroom lag} publishes).
   */
  public static ConsumerLag of(
      long totalLag, int partitions, int partitionsWithLag, KafkaLagSettings settings) {
    return of(totalLag, 0, partitions, partitionsWithLag, settings);
  }

  /**
   * The metric from totals where {@code persistentLag} was left out of {@code totalLag} ({@link
   * PersistentLag}): upstream caps {@code totalLag} and activates on {@code
   * totalLagWithPersistent}.
   */
  public static ConsumerLag of(
      long totalLag,
      long persistentLag,
      int partitions,
      int partitionsWithLag,
      KafkaLagSettings settings) {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions: " + partitions + " must be >= 0");
    }
    if (partitionsWithLag < 0 || partitionsWithLag > partitions) {
      throw new IllegalArgumentException(
          "partitionsWithLag: " + partitionsWithLag + " must be 0.." + partitions);
    }
    long threshold = settings.lagThreshold();
    long metric = totalLag;
    int bound = -1;
    if (partitions > 0 && (!settings.allowIdleConsumers() || settings.limitToPartitionsWithLag())) {
      bound = settings.limitToPartitionsWithLag() ? partitionsWithLag : partitions;
      if (totalLag / threshold > bound) {
        metric = bound * threshold;
      }
    }
    return new ConsumerLag(
        totalLag,
        metric,
        partitions,
        partitionsWithLag,
        bound,
        threshold,
        totalLag + persistentLag > settings.activationLagThreshold(),
        settings.activationLagThreshold(),
        persistentLag);
  }

  /**
   * This lag with {@code expected} items in place of the measured total (the predictive mode): the
   * same partitions, and the extra items spread one per partition first as the backtest's queue
   * model spreads a backlog, so {@code limitToPartitionsWithLag} does not cap a forecast at the
   * partitions that have lag now. Never below the measured total.
   */
  public ConsumerLag expecting(long expected, KafkaLagSettings settings) {
    long total = Math.max(expected, totalLag);
    int withLag =
        partitions == 0 ? 0 : (int) Math.max(partitionsWithLag, Math.min(partitions, total));
    return of(total, persistentLag, partitions, withLag, settings);
  }

  /** True when the cap lowered the reported metric. */
  public boolean capped() {
    return metricValue != totalLag;
  }

  /**
   * "lag 1250 on 12 partitions (8 with lag), capped at 8 partitions × 10 = 80; active (lag > 0)".
   */
  public String describe() {
    if (partitions == 0) {
      return String.format(
          Locale.ROOT,
          active
              ? "queue depth %d (not partitioned, no cap); active (depth > %d)"
              : "queue depth %d (not partitioned, no cap); inactive (depth <= %d)",
          totalLag,
          activationLagThreshold);
    }
    StringBuilder text =
        new StringBuilder()
            .append(String.format(Locale.ROOT, "lag %d on %d partitions", totalLag, partitions))
            .append(String.format(Locale.ROOT, " (%d with lag)", partitionsWithLag));
    if (persistentLag > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              ", %d more left out as persistent (excludePersistentLag)",
              persistentLag));
    }
    if (bound < 0) {
      text.append(", no partition cap (allowIdleConsumers)");
    } else if (capped()) {
      text.append(
          String.format(
              Locale.ROOT,
              ", capped at %d %s × %d per replica = %d",
              bound,
              bound == partitions ? "partitions" : "partitions with lag",
              lagThreshold,
              metricValue));
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              ", under the cap of %d %s",
              bound,
              bound == partitions ? "partitions" : "partitions with lag"));
    }
    text.append(
        String.format(
            Locale.ROOT,
            active
                ? (persistentLag > 0
                    ? "; active (lag with persistent > %d)"
                    : "; active (lag > %d)")
                : "; inactive (lag <= %d)",
            activationLagThreshold));
    return text.toString();
  }
}
