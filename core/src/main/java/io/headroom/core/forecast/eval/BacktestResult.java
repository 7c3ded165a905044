package io.headroom.core.forecast.eval;

/**
 * Outcome of a rolling-origin backtest.
 *
 * @param model the model's name
 * @param settings horizon, origin step and warm-up used
 * @param origins number of forecast origins
 * @param untrustedOrigins origins at which the model said it was not yet trusted
 * @param overall accuracy over every lead time in (origin, origin + horizon]
 * @param atHorizon accuracy over the pairs whose lead time is exactly the horizon
 * @param maseScale the MASE denominator: mean |y(t) − y(t − 1 day)| over the whole trace
 */
public record BacktestResult(
    String model,
    BacktestSettings settings,
    long origins,
    long untrustedOrigins,
    AccuracyReport overall,
    AccuracyReport atHorizon,
    double maseScale) {}
