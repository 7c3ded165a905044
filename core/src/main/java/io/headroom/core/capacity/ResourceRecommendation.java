package io.headroom.core.capacity;

/**
 * The recommended request of one resource of a container, with the VPA's bounds, or why there is
 * none.
 *
 * @param resource {@code cpu} or {@code memory}
 * @param unit {@code cores} or {@code GiB}
 * @param windows usage windows the recommendation read
 * @param samples values in the distribution: one per window for CPU, one peak per interval for
 *     memory
 * @param confidence history in units of the confidence interval (days by default): the smaller of
 *     the span of the windows and their count at one a minute
 * @param limit the recommended limit, keeping the current limit-to-request ratio; NaN when the
 *     container has no limit
 * @param unavailable why there is no recommendation; null when there is one (then the bounds are
 *     NaN)
 */
public record ResourceRecommendation(
    String resource,
    String unit,
    double currentRequest,
    double currentLimit,
    int windows,
    int samples,
    double confidence,
    double lowerBound,
    double target,
    double upperBound,
    double limit,
    String unavailable) {

  public boolean available() {
    return unavailable == null;
  }

  static ResourceRecommendation missing(
      String resource,
      String unit,
      double currentRequest,
      double currentLimit,
      int windows,
      String reason) {
    return new ResourceRecommendation(
        resource,
        unit,
        currentRequest,
        currentLimit,
        windows,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        reason);
  }
}
