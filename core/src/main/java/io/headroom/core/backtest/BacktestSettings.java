package io.headroom.core.backtest;

import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.scaling.TargetDecider;
import java.time.Duration;

/**
 * Options of one backtest run (evaluation.md, "the service model").
 *
 * @param capacity the load one ready replica serves within the SLO, in the trace's unit (requests
 *     per minute for a per-minute request count)
 * @param startup delay between asking for a pod and the pod serving (default 120 s)
 * @param sync decision period (default 15 s)
 * @param warmup span at the start excluded from the metrics (decisions still run)
 * @param lead how far ahead the predictive policy provisions; {@code null} means start-up plus one
 *     sync period
 * @param quantile forecast quantile the predictive policy provisions for
 * @param trustWindow span over which the forecast's recent over-forecasting is weighed
 * @param tailBudget share of the HPA's replicas the predictive policy may add by raising its
 *     quantile where that is cheap ({@link io.headroom.core.scaling.TailBudget}); 0 keeps it fixed
 */
public record BacktestSettings(
    double capacity,
    Duration startup,
    Duration sync,
    Duration warmup,
    Duration lead,
    double quantile,
    Duration trustWindow,
    double tailBudget) {
  public static final Duration DEFAULT_STARTUP = PredictiveSettings.DEFAULT_STARTUP;
  public static final Duration DEFAULT_SYNC = Duration.ofSeconds(15);
  public static final Duration DEFAULT_TRUST_WINDOW = TargetDecider.DEFAULT_TRUST_WINDOW;

  public BacktestSettings {
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException("capacity: " + capacity + " must be > 0");
    }
    requireNonNegative(startup, "startup");
    requireNonNegative(warmup, "warmup");
    if (sync == null || sync.isZero() || sync.isNegative() || sync.getNano() != 0) {
      throw new IllegalArgumentException(
          "sync: " + sync + " must be a whole number of seconds >= 1s");
    }
    if (startup.getNano() != 0) {
      throw new IllegalArgumentException(
          "startup: " + startup + " must be a whole number of seconds");
    }
    if (lead != null && lead.isNegative()) {
      throw new IllegalArgumentException("lead: " + lead + " must be >= 0");
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile: " + quantile + " must be in (0, 1)");
    }
    if (trustWindow == null || trustWindow.isZero() || trustWindow.isNegative()) {
      throw new IllegalArgumentException("trustWindow: " + trustWindow + " must be > 0");
    }
    if (!(tailBudget >= 0 && tailBudget < 1)) {
      throw new IllegalArgumentException("tailBudget: " + tailBudget + " must be in [0, 1)");
    }
  }

  /** Defaults for everything but the capacity. */
  public static BacktestSettings withCapacity(double capacity) {
    return new BacktestSettings(
        capacity,
        DEFAULT_STARTUP,
        DEFAULT_SYNC,
        Duration.ZERO,
        null,
        PredictiveSettings.DEFAULT_QUANTILE,
        DEFAULT_TRUST_WINDOW,
        PredictiveSettings.DEFAULT_TAIL_BUDGET);
  }

  public BacktestSettings withStartup(Duration value) {
    return new BacktestSettings(
        capacity, value, sync, warmup, lead, quantile, trustWindow, tailBudget);
  }

  public BacktestSettings withSync(Duration value) {
    return new BacktestSettings(
        capacity, startup, value, warmup, lead, quantile, trustWindow, tailBudget);
  }

  public BacktestSettings withWarmup(Duration value) {
    return new BacktestSettings(
        capacity, startup, sync, value, lead, quantile, trustWindow, tailBudget);
  }

  public BacktestSettings withLead(Duration value) {
    return new BacktestSettings(
        capacity, startup, sync, warmup, value, quantile, trustWindow, tailBudget);
  }

  public BacktestSettings withQuantile(double value) {
    return new BacktestSettings(
        capacity, startup, sync, warmup, lead, value, trustWindow, tailBudget);
  }

  public BacktestSettings withTailBudget(double value) {
    return new BacktestSettings(
        capacity, startup, sync, warmup, lead, quantile, trustWindow, value);
  }

  public BacktestSettings withTrustWindow(Duration value) {
    return new BacktestSettings(capacity, startup, sync, warmup, lead, quantile, value, tailBudget);
  }

  /** The lead in force: the explicit one, or start-up plus one sync period. */
  public Duration effectiveLead() {
    return lead != null ? lead : startup.plus(sync);
  }

  private static void requireNonNegative(Duration value, String field) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(field + ": " + value + " must be >= 0");
    }
  }
}
