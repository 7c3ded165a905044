package io.headroom.core.forecast.eval;

/**
 * Sums for an {@link AccuracyReport}, one (actual, forecast, interval, baselines) pair at a time;
 * O(1) memory.
 */
public final class AccuracyAccumulator {
  /** The spec's interval level, which the interval score's penalty for a miss assumes. */
  static final double LEVEL = 0.95;

  private final double maseScale;
  private long pairs;
  private double absError;
  private double naiveAbsError;
  private double seasonalAbsError;
  private double smape;
  private long covered;
  private double width;
  private double intervalScore;
  private double actualSum;

  /**
   * @param maseScale the MASE denominator: mean absolute daily-seasonal difference of the series
   */
  public AccuracyAccumulator(double maseScale) {
    this.maseScale = maseScale;
  }

  /**
   * Adds one pair.
   *
   * @param actual the observed value
   * @param predicted the model's point forecast
   * @param lower lower end of its interval
   * @param upper upper end of its interval
   * @param naive the naive baseline's forecast for this pair
   * @param seasonalNaive the seasonal-naive baseline's forecast for this pair
   */
  public void add(
      double actual,
      double predicted,
      double lower,
      double upper,
      double naive,
      double seasonalNaive) {
    pairs++;
    double error = Math.abs(actual - predicted);
    absError += error;
    naiveAbsError += Math.abs(actual - naive);
    seasonalAbsError += Math.abs(actual - seasonalNaive);
    double denominator = Math.abs(actual) + Math.abs(predicted);
    smape += denominator == 0 ? 0 : 2 * error / denominator;
    if (actual >= lower && actual <= upper) {
      covered++;
    }
    width += upper - lower;
    // Gneiting and Raftery's interval score: the width plus 2/(1 - level) times the miss, so a
    // narrow interval that misses costs more than a wide one that covers.
    double miss = Math.max(0, lower - actual) + Math.max(0, actual - upper);
    intervalScore += upper - lower + 2 / (1 - LEVEL) * miss;
    actualSum += actual;
  }

  public long pairs() {
    return pairs;
  }

  public AccuracyReport report() {
    if (pairs == 0) {
      return new AccuracyReport(
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN);
    }
    double mae = absError / pairs;
    double naiveMae = naiveAbsError / pairs;
    double seasonalMae = seasonalAbsError / pairs;
    double best = Math.min(naiveMae, seasonalMae);
    return new AccuracyReport(
        pairs,
        mae,
        naiveMae,
        seasonalMae,
        best == 0 ? Double.NaN : mae / best,
        100 * smape / pairs,
        maseScale > 0 ? mae / maseScale : Double.NaN,
        (double) covered / pairs,
        width / pairs,
        intervalScore / pairs,
        actualSum / pairs);
  }
}
