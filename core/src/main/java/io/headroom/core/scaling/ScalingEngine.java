package io.headroom.core.scaling;

import io.headroom.core.scaling.DecisionReason.Kind;
import io.headroom.core.scaling.ReplicaCalculator.Outcome;
import io.headroom.core.scaling.ReplicaCalculator.Proposal;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) decision, as a pure function of the spec,
 * an observation, the engine's own history and the decision time.
 *
 * <p>The steps are upstream's ({@code pkg/controller/podautoscaler/horizontal.go}), one method
 * each, under upstream's names: {@code reconcileAutoscaler} ({@link #decide}: a target at 0
 * replicas is left alone, a count outside {@code [minReplicas, maxReplicas]} is brought inside),
 * then {@link #computeReplicasForMetrics} (the largest proposal wins; a missing metric forbids a
 * scale-down), then {@link #normalizeDesiredReplicasWithBehaviors}: {@link
 * #stabilizeRecommendationWithBehaviors} over the recorded raw recommendations, and {@link
 * #convertDesiredReplicasWithBehaviorRate} with {@link #calculateScaleUpLimitWithScalingRules} and
 * {@link #calculateScaleDownLimitWithBehaviors} for the rate policies and the bounds. Each step
 * returns the replicas and the {@link Limit} it would report, as upstream's return a reason. The
 * returned decision carries the next {@link ScalingHistory}.
 *
 * <p>Thread-safe; never reads the clock. Cost per decision: a few small objects, no copy of the
 * history, and no text: the decision keeps the parts of its reason and formats them only when
 * {@link ScalingDecision#reason()} is called.
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
  public ScalingDecision decide(
      HpaSpec spec, Observation observation, ScalingHistory history, Instant now) {
    return decide(spec, observation, history, now, null);
  }

  /**
   * An extra recommendation proposed next to the metrics' (the predictive policy's forecast).
   *
   * @param replicas replicas the forecast asks for
   * @param load the forecast load behind them
   * @param description what it is, for the reason ("forecast 312 (q0.9) by 10:44")
   */
  record ExtraProposal(int replicas, double load, Supplier<String> description) {
    ExtraProposal(int replicas, double load, String description) {
      this(replicas, load, () -> description);
    }
  }

  /**
   * The decision with an optional extra proposal: the recommendation becomes {@code max(metrics,
   * extra)} and goes through the same stabilization, policies and bounds.
   *
   * <p>Upstream's {@code reconcileAutoscaler}: a target at 0 replicas is left alone, a count
   * outside the bounds is brought inside before any metric is read, otherwise {@link
   * #computeReplicasForMetrics} proposes a count and {@link #normalizeDesiredReplicasWithBehaviors}
   * stabilizes and limits it.
   */
  ScalingDecision decide(
      HpaSpec spec,
      Observation observation,
      ScalingHistory history,
      Instant now,
      ExtraProposal extra) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(now, "now");
    ScalingHistory kept =
        (history == null ? ScalingHistory.empty() : history).prune(now, spec.behavior());
    ForecastUse forecastUse = extra == null ? ForecastUse.NONE : ForecastUse.BELOW_REACTIVE;
    double forecastLoad = extra == null ? Double.NaN : extra.load();
    int current = observation.currentReplicas();

    if (current == 0 && spec.minReplicas() != 0) {
      return new ScalingDecision(
          now,
          0,
          0,
          "",
          Double.NaN,
          Double.NaN,
          0,
          Limit.SCALING_DISABLED,
          "target has 0 replicas: autoscaling is disabled until it is scaled up",
          forecastUse,
          forecastLoad,
          kept);
    }
    if (current > spec.maxReplicas()) {
      int to = spec.maxReplicas();
      return new ScalingDecision(
          now,
          current,
          to,
          "",
          Double.NaN,
          Double.NaN,
          to,
          Limit.TOO_MANY_REPLICAS,
          DecisionReason.bound(Kind.ABOVE_MAX_REPLICAS, spec, current, to, Limit.TOO_MANY_REPLICAS),
          forecastUse,
          forecastLoad,
          kept.withScale(now, current, to));
    }
    if (current < spec.minReplicas()) {
      int to = spec.minReplicas();
      return new ScalingDecision(
          now,
          current,
          to,
          "",
          Double.NaN,
          Double.NaN,
          to,
          Limit.TOO_FEW_REPLICAS,
          DecisionReason.bound(Kind.BELOW_MIN_REPLICAS, spec, current, to, Limit.TOO_FEW_REPLICAS),
          forecastUse,
          forecastLoad,
          kept.withScale(now, current, to));
    }

    MetricProposals metrics = computeReplicasForMetrics(spec, observation, now);
    Proposal driving = metrics.largest();
    List<Proposal> invalid = metrics.invalid();
    if (driving == null) {
      return new ScalingDecision(
          now,
          current,
          current,
          "",
          Double.NaN,
          Double.NaN,
          current,
          Limit.MISSING_METRICS,
          new DecisionReason(
              Kind.NO_METRIC, spec, current, current, Limit.MISSING_METRICS, null, extra, invalid),
          forecastUse,
          forecastLoad,
          kept);
    }
    int recommendation = driving.replicas();
    boolean extraDrives = extra != null && extra.replicas() > recommendation;
    if (extraDrives) {
      recommendation = extra.replicas();
      forecastUse = ForecastUse.RAISED;
    }
    String drivingName = extraDrives ? "forecast" : name(driving.metric());
    if (!invalid.isEmpty() && recommendation < current) {
      // Upstream returns an error here and records nothing: no scale-down on partial information.
      return new ScalingDecision(
          now,
          current,
          current,
          drivingName,
          driving.value(),
          driving.target(),
          recommendation,
          Limit.MISSING_METRICS,
          new DecisionReason(
              Kind.NO_SCALE_DOWN_WITH_MISSING_METRICS,
              spec,
              current,
              current,
              Limit.MISSING_METRICS,
              driving,
              extra,
              invalid),
          forecastUse,
          forecastLoad,
          kept);
    }

    Limited normalized =
        normalizeDesiredReplicasWithBehaviors(spec, kept, now, current, recommendation);
    int to = normalized.replicas();
    Limit limit = normalized.limit();
    if (limit == Limit.DESIRED_WITHIN_RANGE) {
      if (extraDrives) {
        limit = Limit.FORECAST;
      } else if (driving.outcome() == Outcome.NO_CHANGE && to == current) {
        limit = Limit.WITHIN_TOLERANCE;
      }
    }
    return new ScalingDecision(
        now,
        current,
        to,
        drivingName,
        driving.value(),
        driving.target(),
        recommendation,
        limit,
        new DecisionReason(Kind.NORMALIZED, spec, current, to, limit, driving, extra, invalid),
        forecastUse,
        forecastLoad,
        kept.withDecision(now, recommendation, current, to));
  }

  // ---- the steps, as upstream's horizontal.go names them
  // -----------------------------------------

  /**
   * A replica count and what limited it, as upstream's steps return {@code (replicas, reason,
   * message)}.
   */
  record Limited(int replicas, Limit limit) {}

  /**
   * The metrics' proposals: the largest valid one, and those that could not be computed.
   *
   * @param largest the largest valid proposal (the first of equals), {@code null} when none is
   *     valid
   * @param invalid the proposals of the metrics that could not be computed, in spec order
   */
  record MetricProposals(Proposal largest, List<Proposal> invalid) {}

  /**
   * Upstream's {@code computeReplicasForMetrics}: each metric proposes a count ({@code
   * computeReplicasForMetric}, see {@link ReplicaCalculator}); the largest wins. Whether the
   * invalid ones forbid the decision is the caller's test, as upstream's {@code invalidMetricsCount
   * > 0 && replicas < specReplicas}.
   */
  MetricProposals computeReplicasForMetrics(HpaSpec spec, Observation observation, Instant now) {
    Tolerances tolerances = Tolerances.of(spec, settings);
    Proposal largest = null;
    List<Proposal> invalid = List.of();
    List<MetricSpec> metrics = spec.metrics();
    for (int i = 0; i < metrics.size(); i++) {
      Proposal proposal = calculator.propose(metrics.get(i), observation, tolerances, now);
      if (!proposal.valid()) {
        if (invalid.isEmpty()) {
          invalid = new ArrayList<>(metrics.size());
        }
        invalid.add(proposal);
      } else if (largest == null || proposal.replicas() > largest.replicas()) {
        largest = proposal;
      }
    }
    return new MetricProposals(largest, invalid);
  }

  /**
   * Upstream's {@code normalizeDesiredReplicasWithBehaviors}: the raw recommendation is stabilized
   * ({@link #stabilizeRecommendationWithBehaviors}), then limited by the rate policies and the
   * bounds ({@link #convertDesiredReplicasWithBehaviorRate}). The limit reported is the last step
   * that changed the count: the rate step's if it did, else the stabilization's if it did, else
   * {@link Limit#DESIRED_WITHIN_RANGE}.
   */
  static Limited normalizeDesiredReplicasWithBehaviors(
      HpaSpec spec, ScalingHistory history, Instant now, int current, int recommendation) {
    Behavior behavior = spec.behavior();
    Limited stabilized =
        stabilizeRecommendationWithBehaviors(
            history,
            now,
            current,
            recommendation,
            behavior.scaleUp().stabilizationWindowSeconds(),
            behavior.scaleDown().stabilizationWindowSeconds());
    Limited converted =
        convertDesiredReplicasWithBehaviorRate(spec, history, now, current, stabilized.replicas());
    if (converted.limit() != Limit.DESIRED_WITHIN_RANGE) {
      return converted;
    }
    return stabilized.replicas() != recommendation ? stabilized : converted;
  }

  /**
   * Upstream's {@code stabilizeRecommendationWithBehaviors}: start from the current count; raise it
   * to the lowest recommendation inside the scale-up window, lower it to the highest inside the
   * scale-down window. Both windows include the new recommendation and count recorded ones strictly
   * after {@code now - window}. The limit names the window by the direction of the recommendation
   * ({@code ScaleUpStabilized} when it is at or above the current count); it matters only when the
   * count differs from the recommendation.
   */
  static Limited stabilizeRecommendationWithBehaviors(
      ScalingHistory history,
      Instant now,
      int current,
      int recommendation,
      int upWindowSeconds,
      int downWindowSeconds) {
    int upLimit = history.lowestRecommendationAfter(now, upWindowSeconds, recommendation);
    int downLimit = history.highestRecommendationAfter(now, downWindowSeconds, recommendation);
    int stabilized = current;
    if (stabilized < upLimit) {
      stabilized = upLimit;
    }
    if (stabilized > downLimit) {
      stabilized = downLimit;
    }
    return new Limited(
        stabilized,
        recommendation >= current ? Limit.SCALE_UP_STABILIZED : Limit.SCALE_DOWN_STABILIZED);
  }

  /**
   * Upstream's {@code convertDesiredReplicasWithBehaviorRate}: a scale-up goes no further than the
   * scale-up policies allow (never below the current count) and maxReplicas; a scale-down no
   * further than the scale-down policies allow (never above the current count) and minReplicas. The
   * limit is the policy ({@code ScaleUpLimit}, {@code ScaleDownLimit}) or the bound ({@code
   * TooManyReplicas}, {@code TooFewReplicas}) that is tighter, or {@code DesiredWithinRange} when
   * neither binds.
   */
  static Limited convertDesiredReplicasWithBehaviorRate(
      HpaSpec spec, ScalingHistory history, Instant now, int current, int desired) {
    if (desired > current) {
      int scaleUpLimit =
          Math.max(
              current,
              calculateScaleUpLimitWithScalingRules(
                  current, history, now, spec.behavior().scaleUp()));
      boolean policyBinds = spec.maxReplicas() > scaleUpLimit;
      int maximumAllowed = policyBinds ? scaleUpLimit : spec.maxReplicas();
      if (desired > maximumAllowed) {
        return new Limited(
            maximumAllowed, policyBinds ? Limit.SCALE_UP_POLICY : Limit.TOO_MANY_REPLICAS);
      }
    } else if (desired < current) {
      int scaleDownLimit =
          Math.min(
              current,
              calculateScaleDownLimitWithBehaviors(
                  current, history, now, spec.behavior().scaleDown()));
      boolean policyBinds = spec.minReplicas() < scaleDownLimit;
      int minimumAllowed = policyBinds ? scaleDownLimit : spec.minReplicas();
      if (desired < minimumAllowed) {
        return new Limited(
            minimumAllowed, policyBinds ? Limit.SCALE_DOWN_POLICY : Limit.TOO_FEW_REPLICAS);
      }
    }
    return new Limited(desired, Limit.DESIRED_WITHIN_RANGE);
  }

  /**
   * Upstream's {@code calculateScaleUpLimitWithScalingRules}: the largest count the scale-up
   * policies allow. Per policy, the count at the start of its period ({@code current - added +
   * removed} within it) plus its Pods value or times {@code 1 + Percent/100} rounded up; Max takes
   * the most permissive policy, Min the least, Disabled allows none.
   */
  static int calculateScaleUpLimitWithScalingRules(
      int current, ScalingHistory history, Instant now, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean max = rules.selectPolicy() == SelectPolicy.Max;
    int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    List<ScalingPolicy> policies = rules.policies();
    for (int i = 0; i < policies.size(); i++) {
      ScalingPolicy policy = policies.get(i);
      int periodStart = periodStartReplicas(current, history, now, policy.periodSeconds());
      int proposed =
          policy.type() == ScalingPolicy.Type.Pods
              ? periodStart + policy.value()
              // Rounded up so that a small Percent on a small count can still add a pod.
              : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
      result = max ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  /**
   * Upstream's {@code calculateScaleDownLimitWithBehaviors}: the smallest count the scale-down
   * policies allow. Per policy, the period-start count minus its Pods value or times {@code 1 -
   * Percent/100} rounded down; Max takes the most permissive (lowest) policy, Min the least,
   * Disabled allows none.
   */
  static int calculateScaleDownLimitWithBehaviors(
      int current, ScalingHistory history, Instant now, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean max = rules.selectPolicy() == SelectPolicy.Max;
    int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    List<ScalingPolicy> policies = rules.policies();
    for (int i = 0; i < policies.size(); i++) {
      ScalingPolicy policy = policies.get(i);
      int periodStart = periodStartReplicas(current, history, now, policy.periodSeconds());
      int proposed =
          policy.type() == ScalingPolicy.Type.Pods
              ? periodStart - policy.value()
              : (int) (periodStart * (1 - policy.value() / 100.0));
      result = max ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  /**
   * The count at the start of a policy period: {@code current} minus the pods added plus the pods
   * removed within it (upstream's {@code getReplicasChangePerPeriod} of each kind of event).
   */
  private static int periodStartReplicas(
      int current, ScalingHistory history, Instant now, int periodSeconds) {
    int added = history.replicasAddedWithin(now, periodSeconds);
    int removed = history.replicasRemovedWithin(now, periodSeconds);
    return current - added + removed;
  }

  /** The name a decision gives a metric: its key in the observation. */
  static String name(MetricSpec metric) {
    return metric.key();
  }
}
