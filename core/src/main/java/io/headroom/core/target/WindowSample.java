package io.headroom.core.target;

import io.headroom.core.window.Statistic;
import io.headroom.core.window.WindowObservation;

/**
 * The numbers of one window the scaling job keeps (not the sketch).
 *
 * @param metric window metric
 * @param start window start, epoch ms
 * @param end window end, epoch ms
 * @param values one value per {@link Statistic}, in the order of {@link #LAYOUT}
 */
public record WindowSample(String metric, long start, long end, double[] values) {
  /**
   * The order of {@link #values}, which checkpoints and savepoints keep: append only, never
   * reorder.
   */
  private static final Statistic[] LAYOUT = {
    Statistic.SUM,
    Statistic.MEAN,
    Statistic.RATE,
    Statistic.COUNT,
    Statistic.MIN,
    Statistic.MAX,
    Statistic.P50,
    Statistic.P90,
    Statistic.P95,
    Statistic.P99,
  };

  private static final int[] POSITION = positions();

  public static WindowSample of(WindowObservation observation) {
    double[] values = new double[LAYOUT.length];
    for (int i = 0; i < LAYOUT.length; i++) {
      values[i] = LAYOUT[i].of(observation);
    }
    return new WindowSample(
        observation.metric(),
        observation.start().toEpochMilli(),
        observation.end().toEpochMilli(),
        values);
  }

  public double value(Statistic statistic) {
    return values[POSITION[statistic.ordinal()]];
  }

  private static int[] positions() {
    int[] positions = new int[Statistic.values().length];
    for (int i = 0; i < LAYOUT.length; i++) {
      positions[LAYOUT[i].ordinal()] = i;
    }
    return positions;
  }
}
