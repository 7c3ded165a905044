package io.headroom.gateway.mapping;

import java.util.Map;

/**
 * Whose a Prometheus series is: the service (the Kafka key), the instance, and the labels an event
 * keeps (all but {@code __name__}, the service label used and the instance label).
 */
record PromIdentity(String service, String instance, Map<String, String> labels) {

  /** The identity under {@code config}, or null when none of its service labels is set. */
  static PromIdentity of(Map<String, String> seriesLabels, MappingConfig config) {
    // Looks the service up first and copies the kept labels once: copying the whole map and then
    // removing from it was a third of the mapping's time on the bench's bodies.
    String serviceLabel = null;
    for (String label : config.serviceLabels()) {
      String value = seriesLabels.get(label);
      if (value != null && !value.isEmpty()) {
        serviceLabel = label;
        break;
      }
    }
    if (serviceLabel == null) {
      return null;
    }
    String instanceLabel = config.instanceLabel();
    Map<String, String> labels =
        SeriesLabels.copyOf(seriesLabels)
            .without(PromSeries.NAME_LABEL, serviceLabel, instanceLabel);
    // A service taken from the instance label leaves no instance, as it did before.
    String instance =
        instanceLabel.equals(serviceLabel) ? "" : seriesLabels.getOrDefault(instanceLabel, "");
    return new PromIdentity(seriesLabels.get(serviceLabel), instance, labels);
  }
}
