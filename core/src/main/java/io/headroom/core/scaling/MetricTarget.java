package io.headroom.core.scaling;

/**
 * The target of one metric, as in the HPA's {@code target:} block.
 *
 * <p>{@link Type#Utilization} is an average utilization in percent of the pods' resource requests
 * ({@code averageUtilization}); {@link Type#AverageValue} is a value per pod ({@code
 * averageValue}); {@link Type#Value} is the total value of an Object or External metric ({@code
 * value}).
 *
 * @param type which of the three kinds of target
 * @param value the target, > 0 (percent for Utilization, the metric's unit otherwise)
 */
public record MetricTarget(Type type, double value) {
  /** Upstream spelling, so that a pasted spec maps one to one. */
  public enum Type {
    Utilization,
    Value,
    AverageValue
  }

  public MetricTarget {
    if (type == null) {
      throw new IllegalArgumentException(
          "type: missing, must be one of Utilization, Value, AverageValue");
    }
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          fieldName(type) + ": " + Quantities.format(value) + " must be > 0");
    }
    if (type == Type.Utilization && value != Math.rint(value)) {
      throw new IllegalArgumentException(
          fieldName(type) + ": " + Quantities.format(value) + " must be a whole percent");
    }
  }

  public static MetricTarget utilization(int percent) {
    return new MetricTarget(Type.Utilization, percent);
  }

  public static MetricTarget averageValue(double value) {
    return new MetricTarget(Type.AverageValue, value);
  }

  public static MetricTarget value(double value) {
    return new MetricTarget(Type.Value, value);
  }

  /** The YAML field that holds the value for this type of target. */
  static String fieldName(Type type) {
    return switch (type) {
      case Utilization -> "averageUtilization";
      case Value -> "value";
      case AverageValue -> "averageValue";
    };
  }
}
