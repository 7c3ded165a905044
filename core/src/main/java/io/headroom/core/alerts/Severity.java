package io.headroom.core.alerts;

import java.util.Locale;

/** How bad a threshold crossing is. Critical outranks warning. */
public enum Severity {
  WARNING,
  CRITICAL;

  /** The name used in rule files, topics and tables: {@code warning}, {@code critical}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
