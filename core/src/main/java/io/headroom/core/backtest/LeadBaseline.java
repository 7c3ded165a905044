package io.headroom.core.backtest;

/**
 * The references a predictive policy is measured against (evaluation.md, "the HPA frontier"): each
 * replaces the forecast by a need over the lead {@code [now, now + startup + sync]}, passed through
 * the same stabilization and rate policies.
 */
public enum LeadBaseline {
  /**
   * The largest value one day earlier over the lead (one week earlier where that is missing), ×
   * 1.1, at the target.
   */
  SEASONAL_NAIVE("seasonal-naive", 1.1),
  /**
   * The true future maximum over the lead at 100 % utilization: the physical limit, not a fair
   * baseline.
   */
  ORACLE("oracle", 1);

  private final String label;
  private final double margin;

  LeadBaseline(String label, double margin) {
    this.label = label;
    this.margin = margin;
  }

  public String label() {
    return label;
  }

  double margin() {
    return margin;
  }
}
