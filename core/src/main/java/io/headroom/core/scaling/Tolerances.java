package io.headroom.core.scaling;

/**
 * The band around a target inside which a metric asks for no change: a usage ratio in {@code [1 -
 * down, 1 + up]}. Each side comes from the spec's per-direction {@code tolerance}, or the engine's
 * default (0.1) when the spec has none.
 */
record Tolerances(double down, double up) {
  static Tolerances of(HpaSpec spec, EngineSettings settings) {
    Double up = spec.behavior().scaleUp().tolerance();
    Double down = spec.behavior().scaleDown().tolerance();
    return new Tolerances(
        down == null ? settings.tolerance() : down, up == null ? settings.tolerance() : up);
  }

  boolean within(double usageRatio) {
    return 1.0 - down <= usageRatio && usageRatio <= 1.0 + up;
  }
}
