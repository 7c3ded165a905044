package io.headroom.core.capacity;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * An ordinary least-squares line {@code y = intercept + slope · x} with its coefficient of
 * determination. R² is the share of the variance of y the line explains (1 = every point on the
 * line); it says how far the linear resource model can be trusted when extrapolated.
 *
 * @param n number of points fitted
 */
public record LinearFit(double intercept, double slope, double rSquared, long n) {

  /** Fits a line through the points; NaN coefficients with fewer than two distinct x values. */
  public static LinearFit of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "x and y: lengths " + x.length + " and " + y.length + " must be equal");
    }
    SimpleRegression regression = new SimpleRegression(true);
    for (int i = 0; i < x.length; i++) {
      regression.addData(x[i], y[i]);
    }
    return new LinearFit(
        regression.getIntercept(),
        regression.getSlope(),
        regression.getRSquare(),
        regression.getN());
  }

  public double at(double x) {
    return intercept + slope * x;
  }

  /** The x at which the line reaches {@code y}; NaN for a flat line. */
  public double solveFor(double y) {
    return slope == 0 ? Double.NaN : (y - intercept) / slope;
  }
}
