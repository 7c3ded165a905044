package io.headroom.core.alerts;

import java.util.Locale;

/** What an alert record announces: the rule started firing (or escalated), or it resolved. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
