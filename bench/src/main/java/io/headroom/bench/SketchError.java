package io.headroom.bench;

import io.headroom.core.metric.MetricNames;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.PercentileWindow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** (d): the emitted windows' percentiles against exact percentiles of the very same samples. */
final class SketchError {
  private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
  private static final String[] LABELS = {"p50", "p90", "p95", "p99"};

  private SketchError() {}

  static void print(BenchWorkload workload, List<PercentileWindow> windows, PrintStream out) {
    Map<String, List<Double>> samplesByWindow = new HashMap<>();
    for (MetricEvent e : workload.events()) {
      if (e.getMetric().equals(MetricNames.LATENCY_MS)) {
        long minute = e.getEventTime().toEpochMilli() / 60_000;
        samplesByWindow
            .computeIfAbsent(e.getService() + "@" + minute, k -> new ArrayList<>())
            .add(e.getValue());
      }
    }
    double[] maxError = new double[QUANTILES.length];
    double[] sumError = new double[QUANTILES.length];
    int compared = 0;
    for (PercentileWindow w : windows) {
      if (!w.getMetric().equals(MetricNames.LATENCY_MS)
          || !Duration.between(w.getWindowStart(), w.getWindowEnd())
              .equals(Duration.ofMinutes(1))) {
        continue;
      }
      List<Double> samples =
          samplesByWindow.get(w.getService() + "@" + w.getWindowStart().toEpochMilli() / 60_000);
      if (samples == null || samples.size() != w.getCount()) {
        continue;
      }
      double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] sketch = {w.getP50(), w.getP90(), w.getP95(), w.getP99()};
      for (int i = 0; i < QUANTILES.length; i++) {
        double exact = sorted[(int) Math.floor(QUANTILES[i] * (sorted.length - 1))];
        double error = Math.abs(sketch[i] - exact) / exact;
        maxError[i] = Math.max(maxError[i], error);
        sumError[i] += error;
      }
      compared++;
    }
    out.printf(
        "(d) sketch percentile error vs exact, %,d one-minute latency windows (relative accuracy 1 %%):%n",
        compared);
    for (int i = 0; i < QUANTILES.length; i++) {
      out.printf(
          "    %-5s mean %.3f %%   max %.3f %%%n",
          LABELS[i], compared == 0 ? 0 : 100 * sumError[i] / compared, 100 * maxError[i]);
    }
    if (Arrays.stream(maxError).anyMatch(e -> e > 0.01 + 1e-9)) {
      out.println("    WARNING: an error above the 1 % guarantee");
    }
  }
}
