package io.headroom.gateway.mapping;

import java.util.Map;
import java.util.TreeMap;

/**
 * Whose a Prometheus series is: the service (the Kafka key), the instance, and the labels an event
 * keeps (all but {@code __name__}, the service label used and the instance label).
 */
record PromIdentity(String service, String instance, Map<String, String> labels) {

  /** The identity under {@code config}, or null when none of its service labels is set. */
  static PromIdentity of(Map<String, String> seriesLabels, MappingConfig config) {
    Map<String, String> labels = new TreeMap<>(seriesLabels);
    labels.remove(PromSeries.NAME_LABEL);
    String service = null;
    for (String label : config.serviceLabels()) {
      String value = labels.get(label);
      if (value != null && !value.isEmpty()) {
        service = value;
        labels.remove(label);
        break;
      }
    }
    if (service == null) {
      return null;
    }
    String instance = labels.getOrDefault(config.instanceLabel(), "");
    labels.remove(config.instanceLabel());
    return new PromIdentity(service, instance, Map.copyOf(labels));
  }
}
