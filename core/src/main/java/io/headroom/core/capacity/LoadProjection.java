package io.headroom.core.capacity;

/**
 * One load statistic now and at the end of the planning horizon.
 *
 * @param current the level at the end of the history (the trend's fitted value, or the recent mean
 *     for a given growth rate), requests per second
 * @param projected the expected level at the horizon
 * @param lower lower bound of the 95 % prediction interval at the horizon (= projected for a given
 *     rate), >= 0
 * @param upper upper bound of the 95 % prediction interval at the horizon (= projected for a given
 *     rate)
 * @param slopePerMonth fitted trend in requests per second per month; NaN for a given rate
 */
public record LoadProjection(
    double current, double projected, double lower, double upper, double slopePerMonth) {

  /** The same projection with every level multiplied by {@code factor} (for headroom scenarios). */
  public LoadProjection times(double factor) {
    return new LoadProjection(
        current * factor,
        projected * factor,
        lower * factor,
        upper * factor,
        slopePerMonth * factor);
  }

  /**
   * Relative growth from now to the horizon, e.g. 0.12 for +12 %; NaN when the current level is 0.
   */
  public double growth() {
    return current > 0 ? projected / current - 1 : Double.NaN;
  }
}
