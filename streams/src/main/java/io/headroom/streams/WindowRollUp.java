package io.headroom.streams;

import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What happens to a window once it is final: it is emitted (one {@link PercentileWindow} per
 * metric) and, when it is one of the smallest windows, merged into the larger windows containing
 * it. The percentile app and {@link OfflineWindows} both close their windows here, so history
 * computed offline equals what the app emits.
 */
final class WindowRollUp {
  /** The windows still open, in closing order ({@link WindowKey#CLOSING_ORDER}). */
  interface OpenWindows {
    /** The open window for {@code key}, created when missing. */
    ServiceWindow update(WindowKey key, Supplier<ServiceWindow> create);

    /** Removes and returns the first window to close if it ends by {@code endMillis}; else null. */
    Map.Entry<WindowKey, ServiceWindow> pollEndingBy(long endMillis);
  }

  private final long smallestMillis;
  private final List<Long> largerMillis;
  private final double relativeAccuracy;

  WindowRollUp(StreamsSettings settings) {
    List<Long> sizes = settings.windows().stream().map(Duration::toMillis).toList();
    this.smallestMillis = sizes.get(0);
    this.largerMillis = sizes.subList(1, sizes.size());
    this.relativeAccuracy = settings.relativeAccuracy();
  }

  /** The smallest window that holds an event at {@code timeMillis}. */
  WindowKey smallestContaining(String service, long timeMillis) {
    return WindowKey.containing(smallestMillis, timeMillis, service);
  }

  ServiceWindow emptyWindow() {
    return new ServiceWindow(relativeAccuracy);
  }

  /** Closes, in closing order, every open window that ends by {@code finalEndMillis}. */
  void closeEndingBy(OpenWindows windows, long finalEndMillis, Consumer<PercentileWindow> emitted) {
    for (Map.Entry<WindowKey, ServiceWindow> closed;
        (closed = windows.pollEndingBy(finalEndMillis)) != null; ) {
      WindowKey key = closed.getKey();
      emit(key, closed.getValue(), emitted);
      if (key.sizeMillis() == smallestMillis) {
        for (long size : largerMillis) {
          windows
              .update(
                  WindowKey.containing(size, key.startMillis(), key.service()), this::emptyWindow)
              .merge(closed.getValue());
        }
      }
    }
  }

  private static void emit(
      WindowKey key, ServiceWindow window, Consumer<PercentileWindow> emitted) {
    Instant start = Instant.ofEpochMilli(key.startMillis());
    Instant end = Instant.ofEpochMilli(key.endMillis());
    window
        .metrics()
        .forEach(
            (metric, slot) ->
                emitted.accept(
                    PercentileWindowMapper.toWindow(
                        key.service(), metric, slot.kind(), start, end, slot.accumulator())));
  }
}
