package io.headroom.core.queue;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ForecastQuantile;
import io.headroom.core.scaling.PredictiveSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The predictive mode's rule for a queue, one for the backtest ({@code QueueBacktester}) and the
 * live job ({@code LiveTarget.decideQueue}): from a forecast of the arrivals per step, the lag the
 * scaler should see ({@link BacklogForecast}): the lead and quantile come from the {@link
 * PredictiveSettings}, the items one consumer serves per forecast step from the caller (the
 * backtest's {@code --service-rate}, the live target's {@code replicaCapacity}).
 */
public final class QueuePrediction {
  private final PredictiveSettings settings;
  private final Duration step;
  private final ForecastQuantile quantile;
  private final double servicePerStep;

  public QueuePrediction(PredictiveSettings settings, Duration step, double servicePerStep) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.step = Objects.requireNonNull(step, "step");
    if (step.toSeconds() <= 0) {
      throw new IllegalArgumentException("step: " + step + " must be >= 1 s");
    }
    this.quantile = new ForecastQuantile(settings);
    if (!(servicePerStep > 0) || Double.isInfinite(servicePerStep)) {
      throw new IllegalArgumentException("servicePerStep: " + servicePerStep + " must be > 0");
    }
    this.servicePerStep = servicePerStep;
  }

  public PredictiveSettings settings() {
    return settings;
  }

  public Duration step() {
    return step;
  }

  /**
   * Forecast steps to ask the model for: the lead, plus the step in progress, plus one more for a
   * decision late in the step the forecast was made for.
   */
  public int horizonSteps() {
    return (int) (settings.lead().toSeconds() / step.toSeconds()) + 2;
  }

  /** A Kafka group gives each partition to one consumer: the others stand idle. */
  public static int serving(int ready, int partitions) {
    return partitions == 0 ? ready : Math.min(ready, partitions);
  }

  /**
   * The lag to scale for at {@code now}, or null without a forecast (the model is not trusted yet:
   * the decision is then KEDA's own).
   *
   * @param forecast the arrivals per step, each point at its step's start
   * @param inProgress arrivals already known to come before the first forecast step (the backtest
   *     sees its step's load; the live job, which forecasts the step in progress, passes 0)
   * @param ready consumers ready now
   * @param partitions the topic's partitions (0 for a queue that has none)
   */
  public ExpectedLag expect(
      long backlog,
      List<ForecastPoint> forecast,
      double inProgress,
      int ready,
      int partitions,
      Instant now) {
    if (forecast.isEmpty()) {
      return null;
    }
    Duration lead = settings.lead();
    double arrivals =
        BacklogForecast.arrivalsOverLead(forecast, now, lead, step, quantile) + inProgress;
    double served =
        serving(ready, partitions) * servicePerStep * lead.toSeconds() / (double) step.toSeconds();
    return new ExpectedLag(
        backlog,
        arrivals,
        served,
        BacklogForecast.expectedLag(backlog, arrivals, served),
        lead,
        settings.quantile());
  }

  /**
   * The predictive decision, the one call the backtest and the live job both make: KEDA's rule on
   * the lag expected over the lead ({@link #expect}), or on the measured lag without a forecast.
   */
  public QueueDecision decide(
      QueueScaler scaler,
      QueueScaler.State state,
      ConsumerLag measured,
      List<ForecastPoint> forecast,
      double inProgress,
      int current,
      int ready,
      Instant now) {
    ExpectedLag expected =
        expect(measured.totalLag(), forecast, inProgress, ready, measured.partitions(), now);
    return scaler.decide(state, measured, expected, current, ready, now);
  }
}
