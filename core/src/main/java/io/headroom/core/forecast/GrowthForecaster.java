package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The linear-trend growth model as a {@link LoadForecaster}: a {@link LinearGrowthModel} through
 * every observation, forecasting the fitted line with 95 % prediction intervals that include the
 * uncertainty of slope and intercept. For horizons of weeks to months (capacity planning); it
 * ignores seasonality, so its intervals cover the daily swing too. O(1) per update, constant
 * memory. Trusted once two weeks of history have been seen.
 */
public final class GrowthForecaster extends GridForecaster {
  static final String NAME = "growth";
  private static final long TRUSTED_AFTER_SECONDS = 14 * SeasonalPeriods.DAY_SECONDS;

  private final SeasonalPeriods periods;
  private final LinearGrowthModel model = new LinearGrowthModel(0.95);
  private double last;

  public GrowthForecaster(SeasonalPeriods periods) {
    super(periods);
    this.periods = periods;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeasonalPeriods periods() {
    return periods;
  }

  /** The fitted line and its uncertainty. */
  public LinearGrowthModel model() {
    return model;
  }

  @Override
  public void update(Instant time, double value) {
    NaiveForecaster.checkValue(time, value);
    clock.advance(time);
    model.add(time, value);
    last = value;
  }

  @Override
  List<ForecastPoint> forecastFrom(long firstIndex, int steps) {
    List<ForecastPoint> points = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      Instant time = clock.timeOf(firstIndex + i);
      ForecastPoint p = model.predict(time);
      // With a single observation (or one time) the line is undefined: the forecast is the last
      // value.
      double value = Double.isNaN(p.value()) ? last : p.value();
      points.add(NaiveForecaster.point(time, value, p.lower() - p.value(), p.upper() - p.value()));
    }
    return points;
  }

  @Override
  public boolean isTrusted() {
    return model.count() >= 3 && clock.span() * periods.stepSeconds() >= TRUSTED_AFTER_SECONDS;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    clock.write(out);
    model.write(out);
    out.writeDouble(last);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    clock.read(in);
    model.read(in);
    last = in.readDouble();
  }
}
