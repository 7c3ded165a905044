package io.headroom.core.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted values whose weight halves every half-life back from the newest one, as in the VPA's
 * decaying histogram, so a service that changed last week is sized on what it does now.
 *
 * <p>Percentiles are exact (the smallest value whose cumulative weight reaches the share), where
 * the VPA reads the end of a histogram bucket (buckets 5 % apart): the VPA's figures can be up to 5
 * % higher.
 */
final class DecayingDistribution {
  private record Point(double value, double weight, Instant time) {}

  private final Duration halfLife;
  private final List<Point> points = new ArrayList<>();

  /**
   * @param halfLife {@link Duration#ZERO} for no decay
   */
  DecayingDistribution(Duration halfLife) {
    this.halfLife = halfLife;
  }

  void add(double value, double weight, Instant time) {
    points.add(new Point(value, weight, time));
  }

  boolean isEmpty() {
    return points.isEmpty();
  }

  double percentile(double share) {
    if (points.isEmpty()) {
      throw new IllegalStateException("no values");
    }
    // Weights relative to the newest point: the same ratios as the VPA's fixed reference time,
    // without overflowing over long histories.
    Instant newest = points.stream().map(Point::time).max(Comparator.naturalOrder()).orElseThrow();
    List<double[]> weighted = new ArrayList<>();
    double total = 0;
    for (Point p : points) {
      double w = p.weight() * decay(Duration.between(p.time(), newest));
      weighted.add(new double[] {p.value(), w});
      total += w;
    }
    weighted.sort(Comparator.comparingDouble(v -> v[0]));
    double threshold = share * total;
    double cumulative = 0;
    for (double[] v : weighted) {
      cumulative += v[1];
      if (cumulative >= threshold) {
        return v[0];
      }
    }
    // Rounding can leave the sum a hair below share × total for share = 1.
    return weighted.get(weighted.size() - 1)[0];
  }

  private double decay(Duration age) {
    if (halfLife.isZero()) {
      return 1;
    }
    return Math.pow(2, -(double) age.toMillis() / halfLife.toMillis());
  }
}
