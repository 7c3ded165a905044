package io.headroom.schemas;

import io.headroom.core.alerts.AlertChange;

/** Rule changes to the wire records of the {@code alerts} topic. */
public final class AlertMapper {
  private AlertMapper() {}

  public static Alert toAlert(AlertChange change) {
    return Alert.newBuilder()
        .setAlertId(change.alertId())
        .setRule(change.rule())
        .setService(change.service())
        .setMetric(change.metric())
        .setSeverity(change.severity().label())
        .setState(change.status().label())
        .setValue(change.value())
        .setThreshold(change.threshold())
        .setPriority(change.priority().label())
        .setRecommendation(change.recommendation())
        .setChangedAt(change.changedAt())
        .build();
  }
}
