package io.headroom.schemas;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.sketch.WindowStats;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/** Builds window records from a core accumulator, and accumulators back from window records. */
public final class PercentileWindowMapper {
  private PercentileWindowMapper() {}

  public static PercentileWindow toWindow(
      String service, String metric, MetricKind kind, Instant start, Instant end, SketchAccumulator accumulator) {
    WindowStats stats = accumulator.stats();
    double seconds = Math.max(1e-9, Duration.between(start, end).toMillis() / 1000.0);
    double rate = (kind == MetricKind.COUNTER ? stats.sum() : stats.count()) / seconds;
    return PercentileWindow.newBuilder()
        .setService(service)
        .setMetric(metric)
        .setKind(kind)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setCount(stats.count())
        .setSum(stats.sum())
        .setRate(rate)
        .setMin(stats.min())
        .setMax(stats.max())
        .setMean(stats.mean())
        .setP50(stats.p50())
        .setP90(stats.p90())
        .setP95(stats.p95())
        .setP99(stats.p99())
        .setRelativeAccuracy(accumulator.relativeAccuracy())
        .setSketch(ByteBuffer.wrap(accumulator.sketchBytes()))
        .build();
  }

  public static SketchAccumulator toAccumulator(PercentileWindow window) {
    ByteBuffer buffer = window.getSketch().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return SketchAccumulator.fromSketchBytes(
        bytes, window.getRelativeAccuracy(), window.getCount(), window.getSum(), window.getMin(), window.getMax());
  }
}
