package io.headroom.core.backtest;

/**
 * Accumulates the autoscaling metrics one timeline row at a time, exactly as a reader of the
 * timeline file would recompute them: demand {@code D = demand / capacity}, supply {@code S = ready
 * replicas}, each row lasting {@code Δt} (one sync period).
 *
 * <p>Rows before the warm-up end count for nothing but still set the previous desired count, so a
 * change on the first evaluated row counts as an action. A reversal is an action whose direction
 * differs from the previous evaluated action's.
 */
final class ElasticityMetrics {
  private final double capacity;
  private final double stepSeconds;
  private long steps;
  private long demandSteps;
  private double under;
  private double over;
  private long underSteps;
  private long overSteps;
  private double overflow;
  private double requests;
  private double replicaSeconds;
  private long actions;
  private long reversals;
  private int lastDirection;
  private int previousDesired = -1;

  /**
   * @param capacity load one replica serves, in the trace's unit per step
   * @param stepSeconds the trace step, to turn a per-step load into requests over {@code Δt}
   */
  ElasticityMetrics(double capacity, double stepSeconds) {
    this.capacity = capacity;
    this.stepSeconds = stepSeconds;
  }

  /**
   * @param demand the trace value in force, NaN in a gap of the trace
   * @param evaluated false during the warm-up
   */
  void add(double demand, int desired, int ready, double dtSeconds, boolean evaluated) {
    if (evaluated) {
      if (previousDesired >= 0 && desired != previousDesired) {
        actions++;
        int direction = desired > previousDesired ? 1 : -1;
        if (lastDirection != 0 && direction != lastDirection) {
          reversals++;
        }
        lastDirection = direction;
      }
      steps++;
      replicaSeconds += ready * dtSeconds;
      if (demand > 0) {
        double needed = demand / capacity;
        double shortfall = Math.max(needed - ready, 0);
        demandSteps++;
        under += shortfall / needed;
        over += Math.max(ready - needed, 0) / needed;
        underSteps += ready < needed ? 1 : 0;
        overSteps += ready > needed ? 1 : 0;
        overflow += shortfall * capacity * dtSeconds / stepSeconds;
        requests += demand * dtSeconds / stepSeconds;
      }
    }
    previousDesired = desired;
  }

  BacktestResult result(String policy, long forecastRaised, long forecastUntrusted) {
    return result(policy, forecastRaised, forecastUntrusted, Double.NaN);
  }

  BacktestResult result(
      String policy, long forecastRaised, long forecastUntrusted, double quantileMean) {
    double base = demandSteps == 0 ? 1 : demandSteps;
    return new BacktestResult(
        policy,
        steps,
        demandSteps,
        100 * under / base,
        100 * over / base,
        100 * underSteps / base,
        100 * overSteps / base,
        overflow,
        requests,
        replicaSeconds / 3600,
        actions,
        reversals,
        forecastRaised,
        forecastUntrusted,
        quantileMean);
  }
}
