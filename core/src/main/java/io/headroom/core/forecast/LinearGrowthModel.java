package io.headroom.core.forecast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Ordinary least-squares line through (time, value) points, fitted online with Commons Math's
 * {@link SimpleRegression} (O(1) per point, exactly the batch fit), with prediction intervals for a
 * single future value:
 *
 * <pre>
 *   ŷ(x0) ± t(1 − α/2; n − 2) · s · sqrt(1 + 1/n + (x0 − x̄)² / Sxx)
 * </pre>
 *
 * where s² is the residual mean square: the interval accounts for the noise and for the uncertainty
 * of both fitted parameters, so it widens the further {@code x0} lies from the data. Time is
 * measured in days since the first point. Intended for capacity planning over weeks or months: feed
 * it e.g. daily peaks. It assumes independent, equally spread residuals; with autocorrelated
 * residuals the interval is too narrow.
 */
public final class LinearGrowthModel {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private final double level;
  private SimpleRegression regression = new SimpleRegression(true);
  private double sumX;
  private long firstSecond;
  private boolean empty = true;
  private long quantileForN = -1; // cache: t quantile for this many points
  private double quantile;

  /**
   * @param level coverage of the prediction intervals, in (0, 1), e.g. 0.95
   */
  public LinearGrowthModel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level: " + level + " must be in (0, 1)");
    }
    this.level = level;
  }

  /** Adds a point; any order of times is allowed. */
  public void add(Instant time, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value: " + value + " at " + time + " must be finite");
    }
    if (empty) {
      firstSecond = time.getEpochSecond();
      empty = false;
    }
    double x = x(time);
    regression.addData(x, value);
    sumX += x;
  }

  private double x(Instant time) {
    return (time.getEpochSecond() - firstSecond + time.getNano() / 1e9) / SECONDS_PER_DAY;
  }

  public long count() {
    return regression.getN();
  }

  /** Slope in value units per day; NaN with fewer than two distinct times. */
  public double slopePerDay() {
    return regression.getSlope();
  }

  /** The fitted value at the first point's time; NaN with fewer than two distinct times. */
  public double intercept() {
    return regression.getIntercept();
  }

  /** Residual mean square s² (n − 2 degrees of freedom); NaN with fewer than three points. */
  public double residualVariance() {
    return regression.getN() > 2 ? regression.getMeanSquareError() : Double.NaN;
  }

  /**
   * The fitted value at {@code time} with its prediction interval, not clipped; NaN value before
   * two distinct times, NaN bounds before three points.
   */
  public ForecastPoint predict(Instant time) {
    double x0 = x(time);
    double value = regression.predict(x0);
    long n = regression.getN();
    if (n < 3 || !Double.isFinite(value)) {
      return new ForecastPoint(time, value, Double.NaN, Double.NaN);
    }
    double sxx = regression.getXSumSquares();
    double mean = sumX / n;
    double s2 = regression.getMeanSquareError();
    double se = Math.sqrt(s2 * (1 + 1.0 / n + (x0 - mean) * (x0 - mean) / sxx));
    double t = tQuantile(n);
    return new ForecastPoint(time, value, value - t * se, value + t * se);
  }

  /**
   * t(1 − α/2; n − 2), cached while n stays the same (forecasts ask for it once per step ahead).
   */
  private double tQuantile(long n) {
    if (n != quantileForN) {
      quantile = new TDistribution(null, n - 2).inverseCumulativeProbability((1 + level) / 2);
      quantileForN = n;
    }
    return quantile;
  }

  /**
   * {@link SimpleRegression} keeps its sums private; Java serialization writes them exactly (its
   * serialVersionUID is fixed across Commons Math 3.x). Reading is filtered to that one class.
   */
  void write(DataOutput out) throws IOException {
    out.writeBoolean(empty);
    out.writeLong(firstSecond);
    out.writeDouble(sumX);
    var bytes = new ByteArrayOutputStream();
    try (var objects = new ObjectOutputStream(bytes)) {
      objects.writeObject(regression);
    }
    byte[] encoded = bytes.toByteArray();
    out.writeInt(encoded.length);
    out.write(encoded);
  }

  void read(DataInput in) throws IOException {
    empty = in.readBoolean();
    firstSecond = in.readLong();
    sumX = in.readDouble();
    byte[] encoded = new byte[in.readInt()];
    in.readFully(encoded);
    try (var objects = new ObjectInputStream(new ByteArrayInputStream(encoded))) {
      objects.setObjectInputFilter(
          ObjectInputFilter.Config.createFilter(SimpleRegression.class.getName() + ";!*"));
      Object read = objects.readObject();
      if (!(read instanceof SimpleRegression r)) {
        throw new IllegalArgumentException("bytes: growth model state is not a regression");
      }
      regression = r;
    } catch (ClassNotFoundException | InvalidClassException e) {
      throw new IllegalArgumentException("bytes: growth model state cannot be read", e);
    }
  }
}
