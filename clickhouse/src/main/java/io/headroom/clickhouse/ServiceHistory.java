package io.headroom.clickhouse;

import java.time.Instant;
import java.util.List;

/**
 * What the report shows of one service, read by {@link HistoryReader#serviceHistory}. Lists are in
 * time order and empty when the history has none of that kind; load is in requests per second.
 *
 * @param summary null when the service has no per-minute 'requests' windows
 * @param forecast the newest forecast of the load metric, null when there is none
 */
public record ServiceHistory(
    String service,
    LoadSummary summary,
    List<HourlyLoad> hourlyLoad,
    List<HourlyLatency> latency,
    List<ProfileHour> hourlyProfile,
    List<ProfileHour> weeklyProfile,
    Forecast forecast,
    List<ScalingChange> scalingChanges,
    List<ActiveAlert> activeAlerts) {

  public ServiceHistory {
    hourlyLoad = List.copyOf(hourlyLoad);
    latency = List.copyOf(latency);
    hourlyProfile = List.copyOf(hourlyProfile);
    weeklyProfile = List.copyOf(weeklyProfile);
    scalingChanges = List.copyOf(scalingChanges);
    activeAlerts = List.copyOf(activeAlerts);
  }

  /**
   * Load over all history (per-minute load statistics), with the peak hour of day and day of week.
   *
   * @param peakHourUtc hour of day (0..23, UTC) with the highest average load
   * @param peakHourIndex that hour's average over the mean hour
   * @param peakDay weekday name with the highest average load
   * @param peakDayIndex that day's average over the mean weekday
   */
  public record LoadSummary(
      long minutes,
      Instant firstMinute,
      Instant lastMinute,
      double avgLoad,
      double p95Load,
      double peakLoad,
      Instant peakMinute,
      double peakToAverage,
      int peakHourUtc,
      double peakHourIndex,
      String peakDay,
      double peakDayIndex) {}

  /**
   * One clock hour: mean and busiest-minute load, mean and highest replica count (NaN when
   * unknown).
   */
  public record HourlyLoad(
      Instant hour, double meanLoad, double peakLoad, double meanReplicas, double maxReplicas) {}

  /** One clock hour of latency percentiles (ms) and error rate (percent), NaN where missing. */
  public record HourlyLatency(
      Instant hour, double p50Ms, double p95Ms, double p99Ms, double errorRatePercent) {}

  /**
   * One slot of a seasonal profile: hour of day (0..23) or hour of week (0..167, Monday 00:00 = 0).
   */
  public record ProfileHour(int slot, double avgLoad, double peakLoad, double seasonalIndex) {}

  /** The newest forecast of the load metric with the longest horizon. */
  public record Forecast(
      String metric,
      String model,
      boolean trusted,
      double intervalLevel,
      Instant fittedAt,
      int stepSeconds,
      List<ForecastStep> steps) {
    public Forecast {
      steps = List.copyOf(steps);
    }
  }

  public record ForecastStep(Instant time, double value, double lower, double upper) {}

  /** A scaling decision that changed the replica count. */
  public record ScalingChange(
      Instant decidedAt, int fromReplicas, int toReplicas, String policy, String reason) {}

  /** A rule whose latest state change is 'firing'. */
  public record ActiveAlert(
      String rule,
      String metric,
      String severity,
      String priority,
      Instant since,
      double value,
      double threshold,
      String recommendation) {}
}
