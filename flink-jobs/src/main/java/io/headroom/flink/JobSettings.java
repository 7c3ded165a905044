package io.headroom.flink;

import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.scaling.ScalingSettings;

/**
 * Which jobs {@link HeadroomJobs#startOnMiniCluster} runs, and from which savepoint or retained
 * checkpoint each resumes.
 *
 * @param forecast the forecast job's settings, or null not to run it
 * @param scaling the scaling job's settings, or null not to run it
 * @param restoreForecastFrom savepoint/checkpoint path the forecast job starts from, or null
 * @param restoreScalingFrom savepoint/checkpoint path the scaling job starts from, or null
 */
public record JobSettings(
    ForecastSettings forecast,
    ScalingSettings scaling,
    String restoreForecastFrom,
    String restoreScalingFrom) {
  public JobSettings {
    if (forecast == null && scaling == null) {
      throw new IllegalArgumentException(
          "jobs: none selected, give forecast and/or scaling settings");
    }
  }

  public static JobSettings forecastOnly(ForecastSettings forecast) {
    return new JobSettings(forecast, null, null, null);
  }

  public static JobSettings scalingOnly(ScalingSettings scaling) {
    return new JobSettings(null, scaling, null, null);
  }

  public static JobSettings both(ForecastSettings forecast, ScalingSettings scaling) {
    return new JobSettings(forecast, scaling, null, null);
  }

  public JobSettings restoringFrom(String forecastPath, String scalingPath) {
    return new JobSettings(forecast, scaling, forecastPath, scalingPath);
  }
}
