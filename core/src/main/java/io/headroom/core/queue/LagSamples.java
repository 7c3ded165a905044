package io.headroom.core.queue;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricNames;
import io.headroom.core.metric.MetricSample;
import java.time.Instant;
import java.util.List;

/**
 * The metric samples a lag reading becomes in {@code metrics.raw}: {@value MetricNames#QUEUE_DEPTH}
 * (the total lag, uncapped: the cap is the scaler's business, the percentiles show the backlog as
 * it was) and {@value #PARTITIONS_WITH_LAG}, both gauges of the consumer group as the service.
 */
public final class LagSamples {
  public static final String PARTITIONS_WITH_LAG = "queue_partitions_with_lag";

  /** The instance field of the samples: they describe the group, not one of its pods. */
  public static final String INSTANCE = "lag-reader";

  private LagSamples() {}

  public static List<MetricSample> of(String group, ConsumerLag lag, Instant time) {
    return List.of(
        new MetricSample(
            group,
            INSTANCE,
            MetricNames.QUEUE_DEPTH,
            MetricKind.GAUGE,
            lag.totalLag(),
            "messages",
            time),
        new MetricSample(
            group,
            INSTANCE,
            PARTITIONS_WITH_LAG,
            MetricKind.GAUGE,
            lag.partitionsWithLag(),
            "partitions",
            time));
  }
}
