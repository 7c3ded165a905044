package io.headroom.core.forecast;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Named forecaster presets, as used on the CLI ({@code --model}) and by the forecast job.
 *
 * <ul>
 *   <li>{@code auto}: the default, {@link EnsembleForecaster} — the candidates below (and a few
 *       more) combined per horizon by their recent errors on this series.
 *   <li>{@code seasonal}: {@link SeasonalForecaster}, double-seasonal (daily and weekly) smoothing
 *       with trend and a learnt short-term correction.
 *   <li>{@code naive}: {@link NaiveForecaster}, the last value.
 *   <li>{@code seasonal-naive}: {@link SeasonalNaiveForecaster}, the value a day (else a week)
 *       earlier.
 *   <li>{@code growth}: {@link GrowthForecaster}, a least-squares line with prediction intervals,
 *       for capacity planning over weeks and months.
 *   <li>{@code fourier}: the seasonal model with its profiles replaced by a regression on daily and
 *       weekly Fourier terms; measured worse, kept for comparison.
 * </ul>
 */
public final class Forecasters {
  private static final List<String> NAMES =
      List.of(
          EnsembleForecaster.NAME,
          SeasonalForecaster.NAME,
          NaiveForecaster.NAME,
          SeasonalNaiveForecaster.NAME,
          GrowthForecaster.NAME,
          SeasonalForecaster.FOURIER_NAME);

  private Forecasters() {}

  /** The model names {@link #create} accepts, the default first. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A fresh model for a series with the given step; the seasonal periods are derived from it (1 day
   * / step and 1 week / step).
   *
   * @throws IllegalArgumentException for an unknown name or a step that is not a whole number of
   *     seconds >= 1 s
   */
  public static LoadForecaster create(String model, Duration step) {
    SeasonalPeriods periods = SeasonalPeriods.of(step);
    String name = model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case EnsembleForecaster.NAME -> new EnsembleForecaster(periods);
      case SeasonalForecaster.NAME -> new SeasonalForecaster(periods);
      case NaiveForecaster.NAME -> new NaiveForecaster(periods);
      case SeasonalNaiveForecaster.NAME -> new SeasonalNaiveForecaster(periods);
      case GrowthForecaster.NAME -> new GrowthForecaster(periods);
      case SeasonalForecaster.FOURIER_NAME -> SeasonalForecaster.fourier(periods);
      default ->
          throw new IllegalArgumentException(
              "model: '" + model + "' is not one of " + String.join(", ", NAMES));
    };
  }
}
