package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The default model: {@link SeasonalForecaster}, with the {@link NaiveForecaster} answering until
 * {@value #SEASONAL_AFTER_DAYS} day of history has been seen (the daily profile is then filled once
 * and the seasonal model's intervals have errors to learn from; measured on the NASA trace, the
 * seasonal model already beats both baselines from there on). Both are fed every observation, so
 * switching costs nothing. {@link #isTrusted} follows the seasonal model: false until two full
 * weekly seasons have been seen.
 */
public final class AutoForecaster implements StatefulForecaster {
  static final String NAME = "auto";
  static final int SEASONAL_AFTER_DAYS = 1;

  private final SeasonalPeriods periods;
  private final SeasonalForecaster seasonal;
  private final NaiveForecaster fallback;
  private final StepClock clock;

  public AutoForecaster(SeasonalPeriods periods) {
    this.periods = periods;
    this.seasonal = new SeasonalForecaster(periods);
    this.fallback = new NaiveForecaster(periods);
    this.clock = new StepClock(periods);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeasonalPeriods periods() {
    return periods;
  }

  /** The model answering now: the seasonal one once it has enough history. */
  LoadForecaster active() {
    long needed = (long) Math.ceil(SEASONAL_AFTER_DAYS * SeasonalPeriods.DAY_SECONDS / (double) periods.stepSeconds());
    return clock.span() >= Math.max(needed, 2) ? seasonal : fallback;
  }

  @Override
  public void update(Instant time, double value) {
    NaiveForecaster.checkValue(time, value);
    seasonal.update(time, value);
    fallback.update(time, value);
    clock.advance(time);
  }

  @Override
  public List<ForecastPoint> forecast(int steps) {
    return active().forecast(steps);
  }

  @Override
  public List<ForecastPoint> forecast(Instant origin, int steps) {
    return active().forecast(origin, steps);
  }

  @Override
  public boolean isTrusted() {
    return seasonal.isTrusted();
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    clock.write(out);
    seasonal.writeState(out);
    fallback.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    clock.read(in);
    seasonal.readState(in);
    fallback.readState(in);
  }
}
