package io.headroom.core.target;

import io.headroom.core.window.Statistic;
import io.headroom.core.window.WindowObservation;
import java.util.List;

/**
 * The numbers of one window the scaling job keeps (not the sketch).
 *
 * @param metric window metric
 * @param start window start, epoch ms
 * @param end window end, epoch ms
 * @param values one value per {@link Statistic}, in the order of {@link #LAYOUT}
 */
public record WindowSample(String metric, long start, long end, double[] values) {
  /** The order of {@link #values}: the record's, which checkpoints and savepoints keep. */
  private static final List<Statistic> LAYOUT = Statistic.RECORD_ORDER;

  private static final int[] POSITION = positions();

  public static WindowSample of(WindowObservation observation) {
    double[] values = new double[LAYOUT.size()];
    for (int i = 0; i < LAYOUT.size(); i++) {
      values[i] = LAYOUT.get(i).of(observation);
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
    for (int i = 0; i < LAYOUT.size(); i++) {
      positions[LAYOUT.get(i).ordinal()] = i;
    }
    return positions;
  }
}
