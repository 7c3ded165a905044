package io.headroom.core.scaling;

import java.util.List;

/**
 * {@code behavior.scaleUp} or {@code behavior.scaleDown}: a stabilization window, rate policies and
 * how to select among them, plus the optional per-direction tolerance (upstream's {@code tolerance}
 * field; when absent the engine's default tolerance applies).
 *
 * @param stabilizationWindowSeconds 0..3600
 * @param selectPolicy Max, Min or Disabled
 * @param policies at least one policy
 * @param tolerance a fraction in [0, 1), or {@code null} for the engine default
 */
public record ScalingRules(
    int stabilizationWindowSeconds,
    SelectPolicy selectPolicy,
    List<ScalingPolicy> policies,
    Double tolerance) {
  /** Upper bound of {@code stabilizationWindowSeconds}, as upstream. */
  public static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;

  public ScalingRules {
    if (stabilizationWindowSeconds < 0
        || stabilizationWindowSeconds > MAX_STABILIZATION_WINDOW_SECONDS) {
      throw new IllegalArgumentException(
          "stabilizationWindowSeconds: "
              + stabilizationWindowSeconds
              + " must be 0.."
              + MAX_STABILIZATION_WINDOW_SECONDS);
    }
    if (selectPolicy == null) {
      throw new IllegalArgumentException("selectPolicy: missing, must be Max, Min or Disabled");
    }
    if (policies == null || policies.isEmpty()) {
      throw new IllegalArgumentException("policies: empty, must specify at least one policy");
    }
    policies = List.copyOf(policies);
    if (tolerance != null && !(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance: " + tolerance + " must be in [0, 1)");
    }
  }

  public ScalingRules(
      int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {
    this(stabilizationWindowSeconds, selectPolicy, policies, null);
  }

  /**
   * Upstream default for scale-up: no window, 4 Pods or 100 Percent per 15 s, whichever is more.
   */
  public static ScalingRules defaultScaleUp() {
    return new ScalingRules(
        0, SelectPolicy.Max, List.of(ScalingPolicy.pods(4, 15), ScalingPolicy.percent(100, 15)));
  }

  /** Upstream default for scale-down: a 300 s window, 100 Percent per 15 s. */
  public static ScalingRules defaultScaleDown() {
    return new ScalingRules(300, SelectPolicy.Max, List.of(ScalingPolicy.percent(100, 15)));
  }

  /** The longest {@code periodSeconds} among the policies. */
  public int longestPeriodSeconds() {
    int longest = 0;
    for (ScalingPolicy policy : policies) {
      longest = Math.max(longest, policy.periodSeconds());
    }
    return longest;
  }

  public ScalingRules withStabilizationWindowSeconds(int seconds) {
    return new ScalingRules(seconds, selectPolicy, policies, tolerance);
  }

  public ScalingRules withSelectPolicy(SelectPolicy policy) {
    return new ScalingRules(stabilizationWindowSeconds, policy, policies, tolerance);
  }

  public ScalingRules withPolicies(List<ScalingPolicy> newPolicies) {
    return new ScalingRules(stabilizationWindowSeconds, selectPolicy, newPolicies, tolerance);
  }

  public ScalingRules withTolerance(Double newTolerance) {
    return new ScalingRules(stabilizationWindowSeconds, selectPolicy, policies, newTolerance);
  }
}
