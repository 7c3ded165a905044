package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.schemas.MetricKind;
import org.junit.jupiter.api.Test;

class ServiceWindowTest {
  @Test
  void anEventWithASketch_mergesItsSamples_insteadOfAddingItsValue() {
    SketchAccumulator histogram = new SketchAccumulator(0.01).add(10, 90).add(100, 10);
    ServiceWindow window = new ServiceWindow(0.01);

    window.add(new Observation("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 5, 0));
    window.add(
        new Observation(
            "api", "latency_ms", MetricKind.LATENCY_SAMPLE, 19, 0, histogram.toBytes(), 0L));

    SketchAccumulator merged = window.metrics().get("latency_ms").accumulator();
    assertThat(merged.count()).isEqualTo(101);
    assertThat(merged.stats().sum()).isEqualTo(5 + 900 + 1000);
    assertThat(merged.stats().min()).isEqualTo(5);
    assertThat(merged.quantile(0.99)).isBetween(99.0, 101.0);
  }

  @Test
  void aSketchOfAnotherAccuracy_isRebinned_notRefused() {
    ServiceWindow window = new ServiceWindow(0.01);

    window.add(
        new Observation(
            "api",
            "latency_ms",
            MetricKind.LATENCY_SAMPLE,
            50,
            0,
            new SketchAccumulator(0.02).add(50, 4).toBytes(),
            0L));

    assertThat(window.metrics().get("latency_ms").accumulator().quantile(0.5))
        .isBetween(48.5, 51.5);
  }

  @Test
  void aSketchThatDoesNotDecode_isRefused_beforeTheWindowChanges() {
    ServiceWindow window = new ServiceWindow(0.01);

    assertThatThrownBy(
            () ->
                window.add(
                    new Observation("api", "m", MetricKind.GAUGE, 1, 0, new byte[] {1, 2, 3}, 0L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(window.metrics()).isEmpty();
  }
}
