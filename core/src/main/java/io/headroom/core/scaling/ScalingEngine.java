package io.headroom.core.scaling;

import io.headroom.core.scaling.ReplicaCalculator.Outcome;
import io.headroom.core.scaling.ReplicaCalculator.Proposal;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) decision, as a pure function of the spec,
 * an observation, the engine's own history and the decision time.
 *
 * <p>Order of steps, as upstream's {@code reconcileAutoscaler}: a target at 0 replicas is left
 * alone; a count outside {@code [minReplicas, maxReplicas]} is brought inside; otherwise each
 * metric proposes a count, the largest proposal wins (a missing metric forbids a scale-down), the
 * raw recommendation is recorded and stabilized over the windows, then capped by the rate policies
 * and the bounds. The returned decision carries the next {@link ScalingHistory}.
 *
 * <p>Thread-safe and allocation-light (a few small objects per decision); never reads the clock.
 */
public final class ScalingEngine {
  private final EngineSettings settings;
  private final ReplicaCalculator calculator;

  public ScalingEngine(EngineSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.calculator = new ReplicaCalculator(settings);
  }

  public static ScalingEngine withDefaults() {
    return new ScalingEngine(EngineSettings.DEFAULTS);
  }

  public EngineSettings settings() {
    return settings;
  }

  /** The reactive HPA decision at {@code now}. */
  public ScalingDecision decide(HpaSpec spec, Observation observation, ScalingHistory history, Instant now) {
    return decide(spec, observation, history, now, null);
  }

  /**
   * An extra recommendation proposed next to the metrics' (the predictive policy's forecast).
   *
   * @param replicas replicas the forecast asks for
   * @param load the forecast load behind them
   * @param description what it is, for the reason ("forecast 312 (q0.9) by 10:44")
   */
  record ExtraProposal(int replicas, double load, String description) {}

  /**
   * The decision with an optional extra proposal: the recommendation becomes
   * {@code max(metrics, extra)} and goes through the same stabilization, policies and bounds.
   */
  ScalingDecision decide(HpaSpec spec, Observation observation, ScalingHistory history, Instant now, ExtraProposal extra) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(now, "now");
    ScalingHistory kept = (history == null ? ScalingHistory.empty() : history).prune(now, spec.behavior());
    ForecastUse forecastUse = extra == null ? ForecastUse.NONE : ForecastUse.BELOW_REACTIVE;
    double forecastLoad = extra == null ? Double.NaN : extra.load();
    int current = observation.currentReplicas();

    if (current == 0 && spec.minReplicas() != 0) {
      return new ScalingDecision(now, 0, 0, "", Double.NaN, Double.NaN, 0, Limit.SCALING_DISABLED,
          "target has 0 replicas: autoscaling is disabled until it is scaled up", forecastUse, forecastLoad, kept);
    }
    if (current > spec.maxReplicas()) {
      return new ScalingDecision(now, current, spec.maxReplicas(), "", Double.NaN, Double.NaN, spec.maxReplicas(),
          Limit.TOO_MANY_REPLICAS, current + " replicas is above maxReplicas " + spec.maxReplicas() + " -> " + spec.maxReplicas(),
          forecastUse, forecastLoad, kept.withScale(now, current, spec.maxReplicas()));
    }
    if (current < spec.minReplicas()) {
      return new ScalingDecision(now, current, spec.minReplicas(), "", Double.NaN, Double.NaN, spec.minReplicas(),
          Limit.TOO_FEW_REPLICAS, current + " replicas is below minReplicas " + spec.minReplicas() + " -> " + spec.minReplicas(),
          forecastUse, forecastLoad, kept.withScale(now, current, spec.minReplicas()));
    }

    // Per metric, then the largest proposal.
    Tolerances tolerances = Tolerances.of(spec, settings);
    Proposal driving = null;
    List<Proposal> invalid = new ArrayList<>(0);
    for (MetricSpec metric : spec.metrics()) {
      Proposal proposal = calculator.propose(metric, observation, tolerances, now);
      if (!proposal.valid()) {
        invalid.add(proposal);
      } else if (driving == null || proposal.replicas() > driving.replicas()) {
        driving = proposal;
      }
    }
    if (driving == null) {
      return new ScalingDecision(now, current, current, "", Double.NaN, Double.NaN, current, Limit.MISSING_METRICS,
          "no metric could be computed (" + problems(invalid) + "); holding " + current + " replicas",
          forecastUse, forecastLoad, kept);
    }
    String metricSentence = describe(driving);
    int recommendation = driving.replicas();
    boolean extraDrives = extra != null && extra.replicas() > recommendation;
    if (extraDrives) {
      recommendation = extra.replicas();
      forecastUse = ForecastUse.RAISED;
      metricSentence = metricSentence + "; " + extra.description() + " -> " + extra.replicas() + " replicas";
    } else if (extra != null) {
      metricSentence = metricSentence + " (" + extra.description() + " -> " + extra.replicas() + ", not more)";
    }
    String drivingName = extraDrives ? "forecast" : name(driving.metric());
    if (!invalid.isEmpty() && recommendation < current) {
      // Upstream returns an error here and records nothing: no scale-down on partial information.
      return new ScalingDecision(now, current, current, drivingName, driving.value(), driving.target(), recommendation,
          Limit.MISSING_METRICS, metricSentence + "; not scaling down while " + problems(invalid) + "; holding " + current,
          forecastUse, forecastLoad, kept);
    }

    // Stabilization over the recorded raw recommendations.
    ScalingRules up = spec.behavior().scaleUp();
    ScalingRules down = spec.behavior().scaleDown();
    int stabilized = stabilize(kept, now, current, recommendation, up.stabilizationWindowSeconds(), down.stabilizationWindowSeconds());
    ScalingHistory next = kept.withRecommendation(now, recommendation);

    // Rate policies and bounds.
    int to = stabilized;
    Limit limit = null;
    String limitSentence = null;
    if (stabilized > current) {
      int policyLimit = Math.max(current, scaleUpLimit(current, kept, now, up));
      int allowed = Math.min(spec.maxReplicas(), policyLimit);
      if (stabilized > allowed) {
        to = allowed;
        if (spec.maxReplicas() > policyLimit) {
          limit = Limit.SCALE_UP_POLICY;
          limitSentence = "limited by scaleUp " + policyText(up);
        } else {
          limit = Limit.TOO_MANY_REPLICAS;
          limitSentence = "limited by maxReplicas " + spec.maxReplicas();
        }
      }
    } else if (stabilized < current) {
      int policyLimit = Math.min(current, scaleDownLimit(current, kept, now, down));
      int allowed = Math.max(spec.minReplicas(), policyLimit);
      if (stabilized < allowed) {
        to = allowed;
        if (spec.minReplicas() < policyLimit) {
          limit = Limit.SCALE_DOWN_POLICY;
          limitSentence = "limited by scaleDown " + policyText(down);
        } else {
          limit = Limit.TOO_FEW_REPLICAS;
          limitSentence = "limited by minReplicas " + spec.minReplicas();
        }
      }
    }
    if (limit == null && stabilized != recommendation) {
      if (recommendation > current) {
        limit = Limit.SCALE_UP_STABILIZED;
        limitSentence = "held at " + stabilized + " by a lower recommendation in the last "
            + up.stabilizationWindowSeconds() + "s (scaleUp stabilizationWindowSeconds)";
      } else {
        limit = Limit.SCALE_DOWN_STABILIZED;
        limitSentence = "held at " + stabilized + " by a higher recommendation in the last "
            + down.stabilizationWindowSeconds() + "s (scaleDown stabilizationWindowSeconds)";
      }
    }
    if (limit == null) {
      if (extraDrives) {
        limit = Limit.FORECAST;
      } else if (driving.outcome() == Outcome.NO_CHANGE && to == current) {
        limit = Limit.WITHIN_TOLERANCE;
      } else {
        limit = Limit.DESIRED_WITHIN_RANGE;
      }
    }
    StringBuilder reason = new StringBuilder(metricSentence);
    if (limitSentence != null) {
      reason.append("; ").append(limitSentence);
    }
    if (!invalid.isEmpty()) {
      reason.append("; ignoring ").append(problems(invalid));
    }
    reason.append(to == current ? "; stays at " + to : "; " + current + " -> " + to);
    return new ScalingDecision(now, current, to, drivingName, driving.value(), driving.target(), recommendation, limit,
        reason.toString(), forecastUse, forecastLoad, next.withScale(now, current, to));
  }

  /**
   * Start from the current count; raise it to the lowest recommendation inside the scale-up window,
   * lower it to the highest inside the scale-down window. Both windows include the new one and
   * count recorded ones strictly after {@code now - window}.
   */
  static int stabilize(ScalingHistory history, Instant now, int current, int recommendation, int upWindowSeconds, int downWindowSeconds) {
    Instant upCutoff = now.minusSeconds(upWindowSeconds);
    Instant downCutoff = now.minusSeconds(downWindowSeconds);
    int upLimit = recommendation;
    int downLimit = recommendation;
    for (ScalingHistory.Recommendation recorded : history.recommendations()) {
      if (recorded.time().isAfter(upCutoff)) {
        upLimit = Math.min(upLimit, recorded.replicas());
      }
      if (recorded.time().isAfter(downCutoff)) {
        downLimit = Math.max(downLimit, recorded.replicas());
      }
    }
    int stabilized = current;
    if (stabilized < upLimit) {
      stabilized = upLimit;
    }
    if (stabilized > downLimit) {
      stabilized = downLimit;
    }
    return stabilized;
  }

  /**
   * The largest count the scale-up policies allow: per policy, the count at the start of its period
   * ({@code current - added + removed} within it) plus its Pods value or times {@code 1 + Percent/100}
   * rounded up; Max takes the most permissive policy, Min the least, Disabled allows none.
   */
  static int scaleUpLimit(int current, ScalingHistory history, Instant now, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean max = rules.selectPolicy() == SelectPolicy.Max;
    int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int periodStart = periodStart(current, history, now, policy.periodSeconds());
      int proposed = policy.type() == ScalingPolicy.Type.Pods
          ? periodStart + policy.value()
          // Rounded up so that a small Percent on a small count can still add a pod.
          : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
      result = max ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  /**
   * The smallest count the scale-down policies allow: per policy, the period-start count minus its
   * Pods value or times {@code 1 - Percent/100} rounded down; Max takes the most permissive (lowest)
   * policy, Min the least, Disabled allows none.
   */
  static int scaleDownLimit(int current, ScalingHistory history, Instant now, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean max = rules.selectPolicy() == SelectPolicy.Max;
    int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int periodStart = periodStart(current, history, now, policy.periodSeconds());
      int proposed = policy.type() == ScalingPolicy.Type.Pods
          ? periodStart - policy.value()
          : (int) (periodStart * (1 - policy.value() / 100.0));
      result = max ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  private static int periodStart(int current, ScalingHistory history, Instant now, int periodSeconds) {
    int added = ScalingHistory.changeWithin(history.scaleUps(), now, periodSeconds);
    int removed = ScalingHistory.changeWithin(history.scaleDowns(), now, periodSeconds);
    return current - added + removed;
  }

  // ---- explanations ------------------------------------------------------------------------------

  private static String policyText(ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return "selectPolicy Disabled";
    }
    StringBuilder text = new StringBuilder("policy ");
    for (int i = 0; i < rules.policies().size(); i++) {
      text.append(i == 0 ? "" : " / ").append(rules.policies().get(i).describe());
    }
    if (rules.policies().size() > 1) {
      text.append(" (").append(rules.selectPolicy()).append(')');
    }
    return text.toString();
  }

  static String name(MetricSpec metric) {
    return metric.key();
  }

  private static String describe(Proposal proposal) {
    MetricSpec metric = proposal.metric();
    boolean percent = metric.target().type() == MetricTarget.Type.Utilization;
    String unit = percent ? "%" : "";
    String per = metric.target().type() == MetricTarget.Type.AverageValue ? " per pod" : "";
    String verdict = proposal.outcome() == Outcome.NO_CHANGE ? proposal.problem() + ", " : "";
    return name(metric) + " " + Quantities.format(proposal.value()) + unit + per + " vs target "
        + Quantities.format(proposal.target()) + unit + " -> " + verdict + proposal.replicas() + " replicas";
  }

  private static String problems(List<Proposal> invalid) {
    StringBuilder text = new StringBuilder();
    for (Proposal proposal : invalid) {
      text.append(text.length() == 0 ? "" : ", ").append(name(proposal.metric())).append(" missing: ").append(proposal.problem());
    }
    return text.toString();
  }
}
