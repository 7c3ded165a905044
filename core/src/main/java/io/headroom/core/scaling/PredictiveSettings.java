package io.headroom.core.scaling;

import java.time.Duration;

/**
 * How the predictive policy turns a load forecast into replicas.
 *
 * @param replicaCapacity the load one ready replica serves within the latency SLO (its saturation
 *     point, e.g. 20 requests/min)
 * @param lead how far ahead capacity must be right: pod start-up plus one sync period, since a pod
 *     asked for now serves only after both
 * @param quantile the forecast quantile that must stay within capacity, in (0, 1): 0.91 means the
 *     forecast gives demand a 9 % chance of outgrowing the replicas at a step of the lead
 * @param intervalLevel the central coverage of the forecaster's intervals (0.95 by default), used
 *     to read a quantile off an interval assuming a normal forecast error
 * @param tailBudget the share of the reactive HPA's replicas the policy may add by raising its
 *     quantile above {@code quantile} where that is cheap ({@link TailBudget}); 0 keeps {@code
 *     quantile} fixed
 */
public record PredictiveSettings(
    double replicaCapacity,
    Duration lead,
    double quantile,
    double intervalLevel,
    double tailBudget) {
  /**
   * Pod start-up the lead covers unless told otherwise, as the backtest's service model assumes.
   */
  public static final Duration DEFAULT_STARTUP = Duration.ofSeconds(120);

  public static final double DEFAULT_QUANTILE = 0.91;
  public static final double DEFAULT_INTERVAL_LEVEL = 0.95;

  /** Chosen on the trace suite, leave one trace out (docs/scaling.md). */
  public static final double DEFAULT_TAIL_BUDGET = 0.01;

  public PredictiveSettings {
    if (!(replicaCapacity > 0) || Double.isInfinite(replicaCapacity)) {
      throw new IllegalArgumentException("replicaCapacity: " + replicaCapacity + " must be > 0");
    }
    if (lead == null || lead.isNegative()) {
      throw new IllegalArgumentException("lead: " + lead + " must be >= 0");
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile: " + quantile + " must be in (0, 1)");
    }
    if (!(intervalLevel > 0 && intervalLevel < 1)) {
      throw new IllegalArgumentException("intervalLevel: " + intervalLevel + " must be in (0, 1)");
    }
    if (!(tailBudget >= 0 && tailBudget < 1)) {
      throw new IllegalArgumentException("tailBudget: " + tailBudget + " must be in [0, 1)");
    }
  }

  /** Settings with the default tail budget. */
  public PredictiveSettings(
      double replicaCapacity, Duration lead, double quantile, double intervalLevel) {
    this(replicaCapacity, lead, quantile, intervalLevel, DEFAULT_TAIL_BUDGET);
  }

  public PredictiveSettings(double replicaCapacity, Duration lead) {
    this(replicaCapacity, lead, DEFAULT_QUANTILE, DEFAULT_INTERVAL_LEVEL);
  }

  public PredictiveSettings withTailBudget(double value) {
    return new PredictiveSettings(replicaCapacity, lead, quantile, intervalLevel, value);
  }

  /**
   * How many interval half-widths above the point forecast the quantile lies: {@code z(quantile) /
   * z((1 + intervalLevel) / 2)}; 0 at the median, 1 at the interval's upper bound.
   */
  double halfWidths() {
    return TailBudget.zOf(quantile) / TailBudget.zOf((1 + intervalLevel) / 2);
  }
}
