package io.headroom.core.scaling;

/**
 * One rate policy of {@code behavior.scaleUp/scaleDown.policies}: at most {@code value} pods, or
 * {@code value} percent of the replicas at the start of the period, may be added (removed) within
 * any {@code periodSeconds}.
 */
public record ScalingPolicy(Type type, int value, int periodSeconds) {
  /** Upper bound of {@code periodSeconds}, as upstream. */
  public static final int MAX_PERIOD_SECONDS = 1800;

  public enum Type {
    Pods,
    Percent
  }

  public ScalingPolicy {
    if (type == null) {
      throw new IllegalArgumentException("type: missing, must be Pods or Percent");
    }
    if (value <= 0) {
      throw new IllegalArgumentException("value: " + value + " must be > 0");
    }
    if (periodSeconds < 1 || periodSeconds > MAX_PERIOD_SECONDS) {
      throw new IllegalArgumentException(
          "periodSeconds: " + periodSeconds + " must be 1.." + MAX_PERIOD_SECONDS);
    }
  }

  public static ScalingPolicy pods(int value, int periodSeconds) {
    return new ScalingPolicy(Type.Pods, value, periodSeconds);
  }

  public static ScalingPolicy percent(int value, int periodSeconds) {
    return new ScalingPolicy(Type.Percent, value, periodSeconds);
  }

  /** "4 Pods/15s", "100 Percent/15s". */
  public String describe() {
    return value + " " + type + "/" + periodSeconds + "s";
  }
}
