package io.headroom.core.forecast.eval;

/**
 * Accuracy of forecasts over a set of (origin, timestamp) pairs that have an actual value, with the
 * definitions of {@code specs/evaluation.md}.
 *
 * @param pairs pairs with an actual value
 * @param mae mean absolute error of the model
 * @param naiveMae MAE of the naive baseline (last value at the origin) on the same pairs
 * @param seasonalNaiveMae MAE of the seasonal-naive baseline (a day, else a week earlier) on the
 *     same pairs
 * @param relMae {@code mae / min(naiveMae, seasonalNaiveMae)}; NaN if that is 0
 * @param smape 100 × mean of {@code 2|y − ŷ| / (|y| + |ŷ|)}, pairs with both zero counting 0 (%)
 * @param mase {@code mae} / the mean absolute daily-seasonal difference of the trace; NaN if that
 *     is 0
 * @param coverage share of actuals inside [lower, upper], in [0, 1]
 * @param meanWidth mean of {@code upper − lower}, in the trace's units
 * @param meanIntervalScore mean interval score of the 95 % interval (Gneiting and Raftery): {@code
 *     upper − lower} plus 40 × the distance of an actual outside it, in the trace's units; lower is
 *     better, and neither a narrow interval that misses nor a wide one that always covers scores
 *     well
 * @param meanActual mean of the actual values
 */
public record AccuracyReport(
    long pairs,
    double mae,
    double naiveMae,
    double seasonalNaiveMae,
    double relMae,
    double smape,
    double mase,
    double coverage,
    double meanWidth,
    double meanIntervalScore,
    double meanActual) {

  /** Mean interval width relative to the mean actual; NaN if the mean actual is 0. */
  public double relativeWidth() {
    return meanActual == 0 ? Double.NaN : meanWidth / meanActual;
  }

  /** Mean interval score relative to the mean actual; NaN if the mean actual is 0. */
  public double relativeIntervalScore() {
    return meanActual == 0 ? Double.NaN : meanIntervalScore / meanActual;
  }

  /** The better (lower-MAE) baseline's name: {@code naive} or {@code seasonal-naive}. */
  public String betterBaseline() {
    return naiveMae <= seasonalNaiveMae ? "naive" : "seasonal-naive";
  }
}
