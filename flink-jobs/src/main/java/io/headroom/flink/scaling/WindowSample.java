package io.headroom.flink.scaling;

import io.headroom.flink.windows.WindowStatistic;
import io.headroom.schemas.PercentileWindow;

/**
 * The numbers of one window the scaling job keeps (not the sketch).
 *
 * @param metric window metric
 * @param start window start, epoch ms
 * @param end window end, epoch ms
 * @param values one value per {@link WindowStatistic}, by ordinal
 */
record WindowSample(String metric, long start, long end, double[] values) {
  static WindowSample of(PercentileWindow window) {
    WindowStatistic[] statistics = WindowStatistic.values();
    double[] values = new double[statistics.length];
    for (WindowStatistic statistic : statistics) {
      values[statistic.ordinal()] = statistic.of(window);
    }
    return new WindowSample(window.getMetric(), window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(), values);
  }

  double value(WindowStatistic statistic) {
    return values[statistic.ordinal()];
  }
}
