package io.headroom.core.backtest;

import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.ScaledObject;
import java.time.Duration;

/**
 * Options of one queue backtest.
 *
 * @param serviceRate items one ready consumer processes per trace step (per minute for a per-minute
 *     trace of arrivals)
 * @param initialBacklog items waiting at the start
 * @param partitions partitions of the topic: at most this many consumers take items, and KEDA caps
 *     the reported lag at them; 0 for a queue that is not partitioned (no limit, no cap)
 * @param lag the KEDA trigger ({@code lagThreshold}, {@code activationLagThreshold}, ...)
 * @param scaledObject min/max replicas, cooldown and the HPA behavior
 * @param startup delay between asking for a consumer and it taking items
 * @param sync decision period
 * @param warmup span at the start left out of the metrics
 * @param waitSlo an item waiting longer than this is late
 */
public record QueueBacktestSettings(
    double serviceRate,
    long initialBacklog,
    int partitions,
    KafkaLagSettings lag,
    ScaledObject scaledObject,
    Duration startup,
    Duration sync,
    Duration warmup,
    Duration waitSlo) {
  public static final Duration DEFAULT_WAIT_SLO = Duration.ofSeconds(60);

  public QueueBacktestSettings {
    if (!(serviceRate > 0) || Double.isInfinite(serviceRate)) {
      throw new IllegalArgumentException("serviceRate: " + serviceRate + " must be > 0");
    }
    if (initialBacklog < 0) {
      throw new IllegalArgumentException("backlog: " + initialBacklog + " must be >= 0");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions: " + partitions + " must be >= 0");
    }
    if (lag == null || scaledObject == null) {
      throw new IllegalArgumentException("lag and scaledObject must be set");
    }
    requireWholeSeconds(startup, "startup", false);
    requireWholeSeconds(sync, "sync", true);
    requireWholeSeconds(warmup, "warmup", false);
    requireWholeSeconds(waitSlo, "waitSlo", false);
  }

  /**
   * KEDA's defaults (lagThreshold 10, min 0, max 100, cooldown 300 s), 120 s start-up, 15 s sync.
   */
  public static QueueBacktestSettings withServiceRate(double serviceRate) {
    return new QueueBacktestSettings(
        serviceRate,
        0,
        0,
        KafkaLagSettings.DEFAULTS,
        ScaledObject.defaults(),
        BacktestSettings.DEFAULT_STARTUP,
        BacktestSettings.DEFAULT_SYNC,
        Duration.ZERO,
        DEFAULT_WAIT_SLO);
  }

  public QueueBacktestSettings withInitialBacklog(long value) {
    return new QueueBacktestSettings(
        serviceRate, value, partitions, lag, scaledObject, startup, sync, warmup, waitSlo);
  }

  public QueueBacktestSettings withPartitions(int value) {
    return new QueueBacktestSettings(
        serviceRate, initialBacklog, value, lag, scaledObject, startup, sync, warmup, waitSlo);
  }

  public QueueBacktestSettings withLag(KafkaLagSettings value) {
    return new QueueBacktestSettings(
        serviceRate,
        initialBacklog,
        partitions,
        value,
        scaledObject,
        startup,
        sync,
        warmup,
        waitSlo);
  }

  public QueueBacktestSettings withScaledObject(ScaledObject value) {
    return new QueueBacktestSettings(
        serviceRate, initialBacklog, partitions, lag, value, startup, sync, warmup, waitSlo);
  }

  public QueueBacktestSettings withTiming(
      Duration newStartup, Duration newSync, Duration newWarmup) {
    return new QueueBacktestSettings(
        serviceRate,
        initialBacklog,
        partitions,
        lag,
        scaledObject,
        newStartup,
        newSync,
        newWarmup,
        waitSlo);
  }

  public QueueBacktestSettings withWaitSlo(Duration value) {
    return new QueueBacktestSettings(
        serviceRate, initialBacklog, partitions, lag, scaledObject, startup, sync, warmup, value);
  }

  private static void requireWholeSeconds(Duration value, String field, boolean positive) {
    if (value == null
        || value.isNegative()
        || (positive && value.isZero())
        || value.getNano() != 0) {
      throw new IllegalArgumentException(
          field
              + ": "
              + value
              + " must be a whole number of seconds"
              + (positive ? " >= 1s" : " >= 0"));
    }
  }
}
