package io.headroom.core.suite;

import io.headroom.core.backtest.BacktestResult;
import java.util.Comparator;
import java.util.List;

/**
 * The trade-off any user gets without a forecast by moving the HPA's CPU target (evaluation.md):
 * points (replica-hours, tau_U) of reactive runs, interpolated in a straight line between the two
 * points whose replica-hours bracket a cost, the end point's tau_U beyond the range.
 */
public final class HpaFrontier {
  private final List<BacktestResult> points;

  public HpaFrontier(List<BacktestResult> reactiveRuns) {
    if (reactiveRuns.isEmpty()) {
      throw new IllegalArgumentException("reactiveRuns: the frontier needs at least one run");
    }
    this.points =
        reactiveRuns.stream()
            .sorted(Comparator.comparingDouble(BacktestResult::replicaHours))
            .toList();
  }

  /** tau_U (%) the HPA reaches at {@code replicaHours} by its target alone. */
  public double tauUAt(double replicaHours) {
    BacktestResult first = points.get(0);
    BacktestResult last = points.get(points.size() - 1);
    if (replicaHours <= first.replicaHours()) {
      return first.tauU();
    }
    if (replicaHours >= last.replicaHours()) {
      return last.tauU();
    }
    for (int i = 1; i < points.size(); i++) {
      BacktestResult a = points.get(i - 1);
      BacktestResult b = points.get(i);
      if (replicaHours <= b.replicaHours()) {
        double span = b.replicaHours() - a.replicaHours();
        double w = span == 0 ? 0 : (replicaHours - a.replicaHours()) / span;
        return a.tauU() + w * (b.tauU() - a.tauU());
      }
    }
    return last.tauU();
  }

  /** True when {@code run} is under-provisioned less often than the HPA at the same cost. */
  public boolean beatenBy(BacktestResult run) {
    return run.tauU() < tauUAt(run.replicaHours());
  }
}
