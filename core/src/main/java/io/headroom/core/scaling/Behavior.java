package io.headroom.core.scaling;

/**
 * {@code behavior}: the rules for each direction. A spec without {@code behavior}, or with only one
 * direction, gets the upstream defaults for what is missing ({@link ScalingRules#defaultScaleUp()},
 * {@link ScalingRules#defaultScaleDown()}).
 */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {
  public Behavior {
    scaleUp = scaleUp == null ? ScalingRules.defaultScaleUp() : scaleUp;
    scaleDown = scaleDown == null ? ScalingRules.defaultScaleDown() : scaleDown;
  }

  public static Behavior defaults() {
    return new Behavior(null, null);
  }

  /** How long recommendations must be kept: the longer of the two stabilization windows. */
  public int longestWindowSeconds() {
    return Math.max(scaleUp.stabilizationWindowSeconds(), scaleDown.stabilizationWindowSeconds());
  }

  /** How long scale events must be kept: both directions read both kinds of event. */
  public int longestPeriodSeconds() {
    return Math.max(scaleUp.longestPeriodSeconds(), scaleDown.longestPeriodSeconds());
  }
}
