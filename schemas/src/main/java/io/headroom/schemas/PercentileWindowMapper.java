package io.headroom.schemas;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.sketch.WindowStats;
import io.headroom.core.target.WindowSample;
import io.headroom.core.window.WindowObservation;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds window records from a core accumulator, and accumulators and observations (the numbers the
 * rules and the jobs read) back from window records.
 */
public final class PercentileWindowMapper {
  private PercentileWindowMapper() {}

  public static PercentileWindow toWindow(
      String service,
      String metric,
      MetricKind kind,
      Instant start,
      Instant end,
      SketchAccumulator accumulator) {
    WindowStats stats = accumulator.stats();
    double rate =
        WindowObservation.of(service, metric, kind == MetricKind.COUNTER, start, end, stats).rate();
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
        bytes,
        window.getRelativeAccuracy(),
        window.getCount(),
        window.getSum(),
        window.getMin(),
        window.getMax());
  }

  /** The window's numbers as the scaling rules keep them. */
  public static WindowSample toSample(PercentileWindow w) {
    return WindowSample.of(toObservation(w));
  }

  /** The window's numbers as core's rules and jobs read them (not the sketch). */
  public static WindowObservation toObservation(PercentileWindow w) {
    return new WindowObservation(
        w.getService(),
        w.getMetric(),
        w.getWindowStart(),
        w.getWindowEnd(),
        w.getRate(),
        new WindowStats(
            w.getCount(),
            w.getSum(),
            w.getMin(),
            w.getMax(),
            w.getMean(),
            w.getP50(),
            w.getP90(),
            w.getP95(),
            w.getP99()));
  }
}
