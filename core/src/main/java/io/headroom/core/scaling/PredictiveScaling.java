package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The predictive policy: the HPA decision with one more proposal, the replicas that keep a high
 * quantile of the forecast load within capacity until capacity asked for now could be ready.
 *
 * <p>Over the forecast steps that overlap {@code (now, now + lead]}, where the lead covers pod
 * start-up plus one sync period, the proposal is {@code ceil(max q-quantile load / capacity)}:
 * demand outgrows the replicas only when it beats that quantile, so the policy buys headroom where
 * the forecast is unsure (a quiet night's noise, a series that just jumped) and little where it is
 * sure. Lowering the HPA's target buys the same headroom everywhere, in proportion to load; that is
 * the frontier this policy must beat (docs/scaling.md). The quantile's default was chosen on the
 * trace suite, leave one trace out.
 *
 * <p>Taking the highest quantile over the whole lead, not only at {@code now + lead}, holds
 * capacity through a peak that is still to come within the time it would take to get it back. The
 * engine proposes {@code max(reactive, forecast)} and runs it through the same stabilization
 * windows, rate policies and bounds as the HPA, so in a given state the predictive count is never
 * below the reactive one, and scale-down stays governed by the scale-down window.
 *
 * <p>The quantile starts at the configured one and rises where a higher one is cheap, within the
 * settings' tail budget ({@link TailBudget}, kept by the caller between decisions).
 *
 * <p>When the forecast is absent, untrusted, or does not reach past {@code now}, the decision is
 * exactly the HPA's and its reason says why the forecast was not used.
 */
public final class PredictiveScaling {
  private final ScalingEngine engine;
  private final PredictiveSettings settings;
  private final double floorZ;
  private final double intervalZ;

  public PredictiveScaling(ScalingEngine engine, PredictiveSettings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.floorZ = TailBudget.zOf(settings.quantile());
    this.intervalZ = TailBudget.zOf((1 + settings.intervalLevel()) / 2);
  }

  /** A decision and the tail budget to keep for the next one. */
  public record Decided(ScalingDecision decision, TailBudget tail) {}

  public PredictiveSettings settings() {
    return settings;
  }

  /** The decision at {@code now} from a fresh tail budget (at the configured quantile). */
  public ScalingDecision decide(
      HpaSpec spec,
      Observation observation,
      ScalingHistory history,
      Instant now,
      LoadForecast forecast) {
    return decide(spec, observation, history, now, forecast, TailBudget.INITIAL).decision();
  }

  /**
   * The decision at {@code now}.
   *
   * @param forecast the latest forecast made from data up to {@code now} at most; {@code null} if
   *     none
   * @param tail the tail budget after the previous decision
   */
  public Decided decide(
      HpaSpec spec,
      Observation observation,
      ScalingHistory history,
      Instant now,
      LoadForecast forecast,
      TailBudget tail) {
    TailBudget shadowed =
        settings.tailBudget() > 0 ? tail.shadow(engine, spec, observation, now) : tail;
    if (forecast == null) {
      return reactive(spec, observation, history, now, shadowed, ForecastUse.ABSENT, "no forecast");
    }
    if (!forecast.trusted()) {
      String why =
          "forecast "
              + forecast.model()
              + " not trusted"
              + (forecast.note().isEmpty() ? "" : " (" + forecast.note() + ")");
      return reactive(spec, observation, history, now, shadowed, ForecastUse.UNTRUSTED, why);
    }
    double halfWidths = halfWidths(shadowed);
    Instant horizon = now.plus(settings.lead());
    double upper = Double.NEGATIVE_INFINITY;
    Instant until = null;
    for (ForecastPoint point : forecast.points()) {
      if (point.timestamp().isAfter(horizon)) {
        break;
      }
      upper = Math.max(upper, ForecastQuantile.at(point, halfWidths));
      until = point.timestamp();
    }
    if (until == null) {
      String why = "forecast does not reach " + horizon;
      return reactive(spec, observation, history, now, shadowed, ForecastUse.ABSENT, why);
    }
    int needed = replicas(upper, settings.replicaCapacity());
    long seconds = until.getEpochSecond() - now.getEpochSecond();
    double load = upper;
    // Formatted only if someone reads the reason: most backtest decisions are never written out.
    Supplier<String> description =
        () ->
            "forecast "
                + forecast.model()
                + " over the next "
                + seconds
                + "s: q"
                + Quantities.format(
                    Math.round(shadowed.quantile(settings.quantile()) * 1000) / 1000.0)
                + " "
                + Quantities.format(load)
                + " within capacity needs "
                + needed;
    ScalingDecision decision =
        engine.decide(
            spec,
            observation,
            history,
            now,
            new ScalingEngine.ExtraProposal(needed, upper, description));
    return new Decided(
        decision, shadowed.afterDecision(decision.to(), now, floorZ, settings.tailBudget()));
  }

  /**
   * The replicas a baseline asks for over the lead (the seasonal-naive rule, the oracle), passed
   * through the engine exactly like the forecast's proposal, so that baselines and the policy
   * differ only in where their need comes from.
   *
   * @param replicas replicas the baseline needs until capacity asked for now is ready
   * @param load the load behind that need, for the decision's explanation
   * @param description what the need is, for the decision's reason
   */
  public record LeadNeed(int replicas, double load, String description) {}

  /** The decision at {@code now} with a baseline's need instead of a model's forecast. */
  public ScalingDecision decideWithNeed(
      HpaSpec spec, Observation observation, ScalingHistory history, Instant now, LeadNeed need) {
    return engine.decide(
        spec,
        observation,
        history,
        now,
        new ScalingEngine.ExtraProposal(need.replicas(), need.load(), need.description()));
  }

  /** The load at the configured quantile of a point's distribution, never negative. */
  double quantileLoad(ForecastPoint point) {
    return ForecastQuantile.at(point, halfWidths(TailBudget.INITIAL));
  }

  /** How many interval half-widths above the point the quantile in use lies. */
  private double halfWidths(TailBudget tail) {
    return (Double.isNaN(tail.z()) ? floorZ : tail.z()) / intervalZ;
  }

  /**
   * {@code ceil(load / perReplica)}, with a hair of slack so 28.000000000000004 does not become 29.
   */
  public static int replicas(double load, double perReplica) {
    double replicas = Math.ceil(load / perReplica - 1e-9);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, replicas));
  }

  private Decided reactive(
      HpaSpec spec,
      Observation observation,
      ScalingHistory history,
      Instant now,
      TailBudget tail,
      ForecastUse use,
      String why) {
    ScalingDecision decision = engine.decide(spec, observation, history, now);
    return new Decided(
        new ScalingDecision(
            decision.time(),
            decision.from(),
            decision.to(),
            decision.drivingMetric(),
            decision.metricValue(),
            decision.metricTarget(),
            decision.recommendation(),
            decision.limit(),
            () -> decision.reason() + "; " + why + ": reactive HPA only",
            use,
            Double.NaN,
            decision.history()),
        tail);
  }
}
