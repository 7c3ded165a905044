package io.headroom.core.scaling;

/**
 * What shaped a decision, after the reasons upstream writes into the HPA's conditions. Exactly one
 * per decision: the last step that changed the count, or why nothing changed.
 */
public enum Limit {
  /** The metrics' recommendation was applied as is. */
  DESIRED_WITHIN_RANGE("DesiredWithinRange"),
  /** Every metric was within tolerance of its target (or its adjusted ratio changed direction). */
  WITHIN_TOLERANCE("WithinTolerance"),
  /** A lower recommendation inside the scale-up window held the count down. */
  SCALE_UP_STABILIZED("ScaleUpStabilized"),
  /** A higher recommendation inside the scale-down window held the count up. */
  SCALE_DOWN_STABILIZED("ScaleDownStabilized"),
  /** A scale-up rate policy (or selectPolicy Disabled) capped the increase. */
  SCALE_UP_POLICY("ScaleUpLimit"),
  /** A scale-down rate policy (or selectPolicy Disabled) capped the decrease. */
  SCALE_DOWN_POLICY("ScaleDownLimit"),
  /** minReplicas raised the count. */
  TOO_FEW_REPLICAS("TooFewReplicas"),
  /** maxReplicas capped the count. */
  TOO_MANY_REPLICAS("TooManyReplicas"),
  /** A metric could not be computed: no scale-down (or no decision at all when none could). */
  MISSING_METRICS("FailedGetMetrics"),
  /** The target is at 0 replicas: autoscaling is off until someone scales it up. */
  SCALING_DISABLED("ScalingDisabled"),
  /** The load forecast raised the recommendation above the reactive one (predictive policy). */
  FORECAST("Forecast");

  private final String upstreamReason;

  Limit(String upstreamReason) {
    this.upstreamReason = upstreamReason;
  }

  /** The closest upstream condition reason, for users who know the HPA's status. */
  public String upstreamReason() {
    return upstreamReason;
  }
}
