package io.headroom.core.scaling;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Instant;
import java.util.Objects;

/**
 * The predictive policy: the HPA decision with one more proposal, the replicas the forecast load
 * needs until capacity asked for now could be ready.
 *
 * <p>Over the forecast steps that overlap {@code (now, now + lead]}, where the lead covers pod
 * start-up plus one sync period, the forecast recommendation is the larger of two needs:
 *
 * <ul>
 *   <li>the expected load (the point forecast) at the target utilization: the HPA's own rule,
 *       applied to the load the new pods will meet instead of the load the current pods meet now;
 *   <li>the upper bound at the configured quantile within full capacity: demand outgrows the
 *       replicas only when it beats that bound. The target's headroom exists to absorb reaction
 *       lag and surprises; asking the upper bound to sit at the target as well would pay for the
 *       same risk twice.
 * </ul>
 *
 * <p>Taking the highest need over the whole lead, not only at {@code now + lead}, holds capacity
 * through a peak that is still to come within the time it would take to get it back. The engine
 * proposes {@code max(reactive, forecast)} and runs it through the same stabilization windows,
 * rate policies and bounds as the HPA, so in a given state the predictive count is never below the
 * reactive one, and scale-down stays governed by the scale-down window.
 *
 * <p>When the forecast is absent, untrusted, or does not reach past {@code now}, the decision is
 * exactly the HPA's and its reason says why the forecast was not used.
 */
public final class PredictiveScaling {
  private final ScalingEngine engine;
  private final PredictiveSettings settings;
  private final double halfWidths;

  public PredictiveScaling(ScalingEngine engine, PredictiveSettings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.halfWidths = settings.halfWidths();
  }

  public PredictiveSettings settings() {
    return settings;
  }

  /**
   * The decision at {@code now}.
   *
   * @param forecast the latest forecast made from data up to {@code now} at most; {@code null} if none
   */
  public ScalingDecision decide(HpaSpec spec, Observation observation, ScalingHistory history, Instant now, LoadForecast forecast) {
    if (forecast == null) {
      return reactive(spec, observation, history, now, ForecastUse.ABSENT, "no forecast");
    }
    if (!forecast.trusted()) {
      return reactive(spec, observation, history, now, ForecastUse.UNTRUSTED,
          "forecast " + forecast.model() + " not trusted" + (forecast.note().isEmpty() ? "" : " (" + forecast.note() + ")"));
    }
    Instant horizon = now.plus(settings.lead());
    double expected = Double.NEGATIVE_INFINITY;
    double upper = Double.NEGATIVE_INFINITY;
    Instant until = null;
    for (ForecastPoint point : forecast.points()) {
      if (point.timestamp().isAfter(horizon)) {
        break;
      }
      expected = Math.max(expected, Math.max(0, point.value()));
      upper = Math.max(upper, quantileLoad(point));
      until = point.timestamp();
    }
    if (until == null) {
      return reactive(spec, observation, history, now, ForecastUse.ABSENT, "forecast does not reach " + horizon);
    }
    int atTarget = replicas(expected, settings.loadAtTarget());
    int atCapacity = replicas(upper, settings.replicaCapacity());
    String description = "forecast " + forecast.model() + " over the next " + (until.getEpochSecond() - now.getEpochSecond())
        + "s: expected " + Quantities.format(expected) + " at target needs " + atTarget + ", q"
        + Quantities.format(settings.quantile()) + " " + Quantities.format(upper) + " within capacity needs " + atCapacity;
    return engine.decide(spec, observation, history, now,
        new ScalingEngine.ExtraProposal(Math.max(atTarget, atCapacity), atTarget >= atCapacity ? expected : upper, description));
  }

  /** The load at the configured quantile of a point's distribution, never negative. */
  double quantileLoad(ForecastPoint point) {
    double halfWidth = halfWidths >= 0 ? point.upper() - point.value() : point.value() - point.lower();
    return Math.max(0, point.value() + halfWidths * Math.max(0, halfWidth));
  }

  /** {@code ceil(load / perReplica)}, with a hair of slack so 28.000000000000004 does not become 29. */
  static int replicas(double load, double perReplica) {
    double replicas = Math.ceil(load / perReplica - 1e-9);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, replicas));
  }

  private ScalingDecision reactive(
      HpaSpec spec, Observation observation, ScalingHistory history, Instant now, ForecastUse use, String why) {
    ScalingDecision decision = engine.decide(spec, observation, history, now);
    return new ScalingDecision(decision.time(), decision.from(), decision.to(), decision.drivingMetric(),
        decision.metricValue(), decision.metricTarget(), decision.recommendation(), decision.limit(),
        decision.reason() + "; " + why + ": reactive HPA only", use, Double.NaN, decision.history());
  }
}
