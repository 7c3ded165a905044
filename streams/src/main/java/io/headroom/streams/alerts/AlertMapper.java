package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertChange;
import io.headroom.core.alerts.WindowObservation;
import io.headroom.core.sketch.WindowStats;
import io.headroom.schemas.Alert;
import io.headroom.schemas.PercentileWindow;

/** Avro window records to the rules' view of them, and rule changes to Avro alert records. */
final class AlertMapper {
  private AlertMapper() {}

  static WindowObservation toObservation(PercentileWindow w) {
    return new WindowObservation(w.getService(), w.getMetric(), w.getWindowStart(), w.getWindowEnd(), w.getRate(),
        new WindowStats(w.getCount(), w.getSum(), w.getMin(), w.getMax(), w.getMean(), w.getP50(), w.getP90(),
            w.getP95(), w.getP99()));
  }

  static Alert toAlert(AlertChange change) {
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
