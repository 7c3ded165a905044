package io.headroom.streams;

import io.headroom.core.metric.MetricSample;
import io.headroom.schemas.MetricEventMapper;
import io.headroom.schemas.PercentileWindow;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The windows the percentile app emits for samples given in time order, computed in this process
 * without Kafka: the same window bounds, accumulation and roll-up ({@link WindowRollUp}), the same
 * records. Seeds weeks of history (the demo's) in seconds where a replay through the app would take
 * minutes. Checks nothing: the samples are assumed valid and on time.
 */
public final class OfflineWindows {
  private final WindowRollUp rollUp;
  private final Consumer<PercentileWindow> emitted;
  private final InMemory open = new InMemory();

  /**
   * @param settings the app's settings (window sizes and sketch accuracy)
   * @param emitted receives every window as it closes
   */
  public OfflineWindows(StreamsSettings settings, Consumer<PercentileWindow> emitted) {
    this.rollUp = new WindowRollUp(settings);
    this.emitted = emitted;
  }

  public void add(MetricSample sample) {
    open.update(
            rollUp.smallestContaining(sample.service(), sample.eventTime().toEpochMilli()),
            rollUp::emptyWindow)
        .add(sample.metric(), MetricEventMapper.toWireKind(sample.kind()), sample.value());
  }

  /** Emits every window that ends by {@code time}: no later sample may fall into them. */
  public void closeEndingBy(Instant time) {
    rollUp.closeEndingBy(open, time.toEpochMilli(), emitted);
  }

  private static final class InMemory implements WindowRollUp.OpenWindows {
    private final TreeMap<WindowKey, ServiceWindow> windows =
        new TreeMap<>(WindowKey.CLOSING_ORDER);

    @Override
    public ServiceWindow update(WindowKey key, Supplier<ServiceWindow> create) {
      return windows.computeIfAbsent(key, k -> create.get());
    }

    @Override
    public Map.Entry<WindowKey, ServiceWindow> pollEndingBy(long endMillis) {
      return windows.isEmpty() || windows.firstKey().endMillis() > endMillis
          ? null
          : windows.pollFirstEntry();
    }
  }
}
