package io.headroom.core.backtest;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.LoadForecaster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small forecasters for backtest tests: no dependency on the real models' maturity. */
final class TestForecasters {
  private TestForecasters() {}

  /**
   * Forecasts the last value for every future step, ±{@code spread} of it; trusted after {@code
   * trustAfter} updates.
   */
  static final class Persistence implements LoadForecaster {
    private final Duration step;
    private final int trustAfter;
    private final double spread;
    private Instant last;
    private double value;
    private int updates;

    Persistence(Duration step, int trustAfter, double spread) {
      this.step = step;
      this.trustAfter = trustAfter;
      this.spread = spread;
    }

    @Override
    public String name() {
      return "persistence";
    }

    @Override
    public void update(Instant time, double newValue) {
      last = time;
      value = newValue;
      updates++;
    }

    @Override
    public List<ForecastPoint> forecast(int steps) {
      List<ForecastPoint> points = new ArrayList<>(steps);
      for (int i = 1; i <= steps && last != null; i++) {
        points.add(
            new ForecastPoint(
                last.plus(step.multipliedBy(i)),
                value,
                value * (1 - spread),
                value * (1 + spread)));
      }
      return points;
    }

    @Override
    public boolean isTrusted() {
      return updates >= trustAfter;
    }
  }

  /**
   * Wraps a forecaster and records what it was given: the latest observation time, and how many
   * updates and forecasts each trace step caused.
   */
  static final class Recording implements LoadForecaster {
    private final LoadForecaster delegate;
    Instant latestUpdate;
    int updates;
    int forecasts;

    Recording(LoadForecaster delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public void update(Instant time, double value) {
      latestUpdate = time;
      updates++;
      delegate.update(time, value);
    }

    @Override
    public List<ForecastPoint> forecast(int steps) {
      forecasts++;
      return delegate.forecast(steps);
    }

    @Override
    public boolean isTrusted() {
      return delegate.isTrusted();
    }
  }
}
