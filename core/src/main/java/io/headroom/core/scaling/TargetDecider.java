package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything decided for one scaling target at one sync, the same for the Flink scaling job and the
 * backtester: which forecast is in force and whether it is trusted, then the HPA decision or the
 * predictive one. The adapters only gather the observation and the latest forecast and keep the
 * {@link State} between calls (Flink in keyed state, the backtester in a local), so that a backtest
 * predicts what the live job does.
 *
 * <p>Trust: a forecast is used only when its model says it has enough history and, per {@link
 * ForecastTrust}, recent actuals have not fallen below its lower bound too often. Every actual that
 * has a forecast for its step is scored, trusted or not, so trust recovers while the policy is
 * reactive.
 */
public final class TargetDecider {
  /** Default span over which recent over-forecasting is weighed. */
  public static final Duration DEFAULT_TRUST_WINDOW = Duration.ofMinutes(30);

  private final ScalingEngine engine;
  private final HpaSpec spec;
  private final PredictiveScaling predictive;
  private final Duration trustWindow;

  /**
   * @param predictive the predictive settings, or null for the plain HPA
   * @param trustWindow span of {@link ForecastTrust}'s memory, turned into forecast steps by {@link
   *     #trustOver}
   */
  public TargetDecider(
      ScalingEngine engine, HpaSpec spec, PredictiveSettings predictive, Duration trustWindow) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.predictive = predictive == null ? null : new PredictiveScaling(engine, predictive);
    if (trustWindow == null || trustWindow.isZero() || trustWindow.isNegative()) {
      throw new IllegalArgumentException("trustWindow: " + trustWindow + " must be > 0");
    }
    this.trustWindow = trustWindow;
  }

  public HpaSpec spec() {
    return spec;
  }

  public boolean isPredictive() {
    return predictive != null;
  }

  /**
   * What the decider keeps between calls.
   *
   * @param history the engine's recommendations and scale events
   * @param overForecastShare {@link ForecastTrust#overForecastShare()} so far
   * @param tail the predictive policy's tail budget ({@link TailBudget#INITIAL} for the HPA)
   */
  public record State(ScalingHistory history, double overForecastShare, TailBudget tail) {
    public static final State INITIAL = new State(ScalingHistory.empty(), 0, TailBudget.INITIAL);

    public State {
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(tail, "tail");
    }

    /** The same state after a decision that left {@code value} as the engine's history. */
    public State withHistory(ScalingHistory value) {
      return new State(value, overForecastShare, tail);
    }
  }

  /**
   * The latest forecast the target has: from a model updated up to the decision (backtest) or the
   * newest record fitted at or before it (Flink).
   *
   * @param model model name, for explanations
   * @param modelTrusted false while the model says it has too little history
   * @param step the forecast's step, for the trust memory
   * @param points future steps with intervals, in time order
   */
  public record ForecastInput(
      String model, boolean modelTrusted, Duration step, List<ForecastPoint> points) {
    public ForecastInput {
      points = List.copyOf(points);
    }
  }

  /** A decision and the state to keep for the next one. */
  public record Outcome(ScalingDecision decision, State state) {}

  /**
   * The decision at {@code now}.
   *
   * @param forecast the forecast in force, or null when the target has none (ignored by the HPA
   *     policy)
   */
  public Outcome decide(State state, Observation observation, ForecastInput forecast, Instant now) {
    if (predictive == null) {
      ScalingDecision decision = engine.decide(spec, observation, state.history(), now);
      return new Outcome(decision, state.withHistory(decision.history()));
    }
    PredictiveScaling.Decided decided =
        predictive.decide(
            spec, observation, state.history(), now, inForce(state, forecast), state.tail());
    return new Outcome(
        decided.decision(),
        new State(decided.decision().history(), state.overForecastShare(), decided.tail()));
  }

  /**
   * The state after the actual load of a step arrives, given the forecast that was made for that
   * step ({@code null}: nothing to score).
   */
  public State scoreActual(
      State state, double actual, ForecastPoint forecastForStep, Duration forecastStep) {
    if (forecastForStep == null || predictive == null) {
      return state;
    }
    ForecastTrust trust = trust(state, forecastStep).observe(actual, forecastForStep);
    return new State(state.history(), trust.overForecastShare(), state.tail());
  }

  private LoadForecast inForce(State state, ForecastInput forecast) {
    if (forecast == null) {
      return null;
    }
    if (!forecast.modelTrusted()) {
      return LoadForecast.untrusted(forecast.model(), "too little history");
    }
    ForecastTrust trust = trust(state, forecast.step());
    return trust.trusted()
        ? LoadForecast.trusted(forecast.model(), forecast.points())
        : LoadForecast.untrusted(forecast.model(), trust.note());
  }

  private ForecastTrust trust(State state, Duration step) {
    ForecastTrust fresh = trustOver(trustWindow, step);
    return new ForecastTrust(fresh.alpha(), fresh.maxShare(), state.overForecastShare());
  }

  /**
   * The trust check over {@code window} for a forecast at {@code step}: the window in whole steps,
   * rounded, at least 1.
   */
  public static ForecastTrust trustOver(Duration window, Duration step) {
    long steps = Math.max(1, Math.round((double) window.toMillis() / Math.max(1, step.toMillis())));
    return ForecastTrust.over(
        (int) Math.min(Integer.MAX_VALUE, steps), ForecastTrust.DEFAULT_MAX_SHARE);
  }
}
