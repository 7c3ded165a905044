package io.headroom.core.scaling;

/**
 * One entry of the HPA's {@code metrics:} list. The five upstream source types are the five
 * permitted records; their names follow the upstream {@code type:} values.
 *
 * <p>Pod-level metrics ({@link Resource}, {@link ContainerResource}, {@link Pods}) are read from
 * the pods of an {@link Observation} under {@link #key()}; {@link ObjectMetric} and {@link
 * External} are single values read from {@link Observation#objectMetrics()} under {@link #key()}.
 */
public sealed interface MetricSpec
    permits MetricSpec.Resource,
        MetricSpec.ContainerResource,
        MetricSpec.Pods,
        MetricSpec.ObjectMetric,
        MetricSpec.External {

  MetricTarget target();

  /** Where the engine looks the metric up in an observation. */
  String key();

  /** The upstream {@code type:} value. */
  String typeName();

  /** True for metrics read per pod, false for single-value Object/External metrics. */
  default boolean perPod() {
    return this instanceof Resource || this instanceof ContainerResource || this instanceof Pods;
  }

  /** A resource of the pods (cpu, memory) against Utilization (% of requests) or AverageValue. */
  record Resource(String name, MetricTarget target) implements MetricSpec {
    public Resource {
      requireName(name, "name");
      requireTarget(target, MetricTarget.Type.Utilization, MetricTarget.Type.AverageValue);
    }

    @Override
    public String key() {
      return name;
    }

    @Override
    public String typeName() {
      return "Resource";
    }
  }

  /** A resource of one container of each pod; read under {@code container/name}. */
  record ContainerResource(String name, String container, MetricTarget target)
      implements MetricSpec {
    public ContainerResource {
      requireName(name, "name");
      requireName(container, "container");
      requireTarget(target, MetricTarget.Type.Utilization, MetricTarget.Type.AverageValue);
    }

    @Override
    public String key() {
      return container + "/" + name;
    }

    @Override
    public String typeName() {
      return "ContainerResource";
    }
  }

  /**
   * A custom metric reported per pod (requests/s per pod, queue depth per pod): AverageValue only.
   */
  record Pods(String name, MetricTarget target) implements MetricSpec {
    public Pods {
      requireName(name, "metric.name");
      requireTarget(target, MetricTarget.Type.AverageValue);
    }

    @Override
    public String key() {
      return name;
    }

    @Override
    public String typeName() {
      return "Pods";
    }
  }

  /**
   * A metric describing another object (an Ingress's requests/s, a queue's latency): Value is
   * compared as a whole, AverageValue is divided by the current replica count.
   *
   * @param describedObject {@code Kind/name} of the described object, for explanations only
   */
  record ObjectMetric(String name, String describedObject, MetricTarget target)
      implements MetricSpec {
    public ObjectMetric {
      requireName(name, "metric.name");
      requireName(describedObject, "describedObject");
      requireTarget(target, MetricTarget.Type.Value, MetricTarget.Type.AverageValue);
    }

    @Override
    public String key() {
      return name;
    }

    @Override
    public String typeName() {
      return "Object";
    }
  }

  /**
   * A metric from outside the cluster (consumer lag, a cloud queue's depth): Value or AverageValue.
   */
  record External(String name, MetricTarget target) implements MetricSpec {
    public External {
      requireName(name, "metric.name");
      requireTarget(target, MetricTarget.Type.Value, MetricTarget.Type.AverageValue);
    }

    @Override
    public String key() {
      return name;
    }

    @Override
    public String typeName() {
      return "External";
    }
  }

  private static void requireName(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": missing, must be a non-empty name");
    }
  }

  private static void requireTarget(MetricTarget target, MetricTarget.Type... allowed) {
    if (target == null) {
      throw new IllegalArgumentException("target: missing, must be set");
    }
    for (MetricTarget.Type type : allowed) {
      if (target.type() == type) {
        return;
      }
    }
    StringBuilder names = new StringBuilder();
    for (MetricTarget.Type type : allowed) {
      names.append(names.length() == 0 ? "" : " or ").append(type);
    }
    throw new IllegalArgumentException(
        "target.type: " + target.type() + " is not allowed here, must be " + names);
  }
}
