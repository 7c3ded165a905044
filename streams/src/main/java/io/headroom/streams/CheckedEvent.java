package io.headroom.streams;

import io.headroom.schemas.MetricEvent;

/** A decoded event and, when it must not be aggregated, the reason (for the dead-letter topic). */
record CheckedEvent(MetricEvent event, String rejection) {
  boolean isValid() {
    return rejection == null;
  }
}
