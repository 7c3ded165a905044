package io.headroom.schemas;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.target.ForecastView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Translates between the {@code load.forecasts} record and core's forecast points. */
public final class ForecastRecords {
  /**
   * The coverage of the presets' prediction intervals (every {@code Forecasters} preset uses 95 %).
   */
  public static final double INTERVAL_LEVEL = PredictiveSettings.DEFAULT_INTERVAL_LEVEL;

  private ForecastRecords() {}

  /** {@code service|metric|fittedAt|stepSeconds}: a replay of the same data writes the same id. */
  public static String forecastId(String service, String metric, Instant fittedAt, Duration step) {
    return service + "|" + metric + "|" + fittedAt + "|" + step.toSeconds();
  }

  public static LoadForecast toRecord(
      String service,
      String metric,
      String model,
      boolean trusted,
      Instant fittedAt,
      Duration step,
      List<ForecastPoint> points) {
    List<ForecastHorizonPoint> horizon = new ArrayList<>(points.size());
    for (ForecastPoint point : points) {
      horizon.add(
          new ForecastHorizonPoint(point.timestamp(), point.value(), point.lower(), point.upper()));
    }
    return LoadForecast.newBuilder()
        .setForecastId(forecastId(service, metric, fittedAt, step))
        .setService(service)
        .setMetric(metric)
        .setModel(model)
        .setTrusted(trusted)
        .setFittedAt(fittedAt)
        .setStepSeconds((int) step.toSeconds())
        .setIntervalLevel(INTERVAL_LEVEL)
        .setPoints(horizon)
        .build();
  }

  /** The record as the scaling rules keep it. */
  public static ForecastView toView(LoadForecast forecast) {
    return new ForecastView(
        forecast.getFittedAt().toEpochMilli(),
        forecast.getModel(),
        forecast.getTrusted(),
        forecast.getStepSeconds(),
        points(forecast));
  }

  /** The record's points as core points. */
  public static List<ForecastPoint> points(LoadForecast forecast) {
    List<ForecastPoint> points = new ArrayList<>(forecast.getPoints().size());
    for (ForecastHorizonPoint p : forecast.getPoints()) {
      points.add(new ForecastPoint(p.getTimestamp(), p.getValue(), p.getLower(), p.getUpper()));
    }
    return points;
  }
}
