package io.headroom.core.capacity;

/** The load levels a plan sizes for, from the cheapest to the safest. */
public enum Scenario {
  /** The mean per-minute load of an average day of the week. */
  BASELINE("baseline", "mean per-minute load of an average day"),
  /**
   * The 95th percentile of the per-minute load on the busiest weekday: 72 minutes of that day above
   * it.
   */
  P95("p95", "95th percentile of per-minute load, busiest weekday"),
  /** The busiest minute of the busiest weekday. */
  PEAK("peak", "busiest minute of the busiest weekday"),
  /**
   * The busiest minute plus {@link CapacityPlanner#PEAK_HEADROOM} for bursts beyond the history.
   */
  PEAK_HEADROOM("peak+20%", "busiest minute plus 20 % headroom");

  private final String label;
  private final String description;

  Scenario(String label, String description) {
    this.label = label;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }
}
