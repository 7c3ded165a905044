package io.headroom.gateway.mapping;

import java.util.List;

/**
 * How OTLP metrics become metric events: which resource attribute names the service (the first
 * present of {@code serviceAttributes}; SDKs without a configured service name send {@code
 * unknown_service...}, which counts as absent), which the instance, and the rules tried in order on
 * the metric name.
 */
public record OtlpConfig(
    List<String> serviceAttributes, List<String> instanceAttributes, List<OtlpRule> rules) {
  public OtlpConfig {
    if (serviceAttributes == null || serviceAttributes.isEmpty()) {
      throw new IllegalArgumentException(
          "otlp.serviceAttributes: must name at least one attribute");
    }
    serviceAttributes = List.copyOf(serviceAttributes);
    instanceAttributes = instanceAttributes == null ? List.of() : List.copyOf(instanceAttributes);
    rules = List.copyOf(rules);
  }

  /** Used when the mapping file has no {@code otlp} section: every metric by its type. */
  public static OtlpConfig byTypeOnly() {
    return new OtlpConfig(
        List.of(
            "service.name",
            "k8s.deployment.name",
            "k8s.statefulset.name",
            "k8s.daemonset.name",
            "k8s.job.name"),
        List.of("service.instance.id", "k8s.pod.name", "host.name"),
        List.of(new OtlpRule("*", OtlpRule.Action.AUTO, null, 1, null)));
  }
}
