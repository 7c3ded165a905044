package io.headroom.core.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How soon someone should act: now, within the day, or in the next planning round. */
public enum Priority {
  IMMEDIATE,
  URGENT,
  PLANNED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Priority parse(String field, Object value) {
    for (Priority p : values()) {
      if (p.label().equals(String.valueOf(value).strip().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        field
            + ": '"
            + value
            + "' must be one of "
            + Arrays.stream(values()).map(Priority::label).collect(Collectors.joining(", ")));
  }
}
