package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The smooth part of a {@link SeasonalForecaster}: level, trend and seasonality, learnt by error
 * correction from (clamped) one-step residuals. The forecaster adds the short-term correction and
 * the intervals on top.
 */
interface SeasonalBase {
  /**
   * Moves the base on by {@code steps} steps (the trend), before the next observation is scored.
   */
  void advance(long steps);

  /**
   * The base at the step starting at {@code epochSecond}, {@code horizon} steps ahead of now (0:
   * now).
   */
  double valueAt(long epochSecond, long horizon);

  /**
   * The fine detail of the seasonal part at {@code epochSecond}: the daily profile minus its
   * running mean over about an hour (0 if the base has no such detail). The forecaster lets its
   * correction decide, per horizon, how much of that detail is signal (a cron job at 02:00) and how
   * much is noise.
   */
  double detailAt(long epochSecond);

  /**
   * Learns from the residual of the observation at step {@code index} ({@code epochSecond}),
   * already clamped against spikes by the caller. {@code sustained} says the residual belongs to a
   * run of same-sign outliers (a level shift, an outage): a change of level, not of shape, so a
   * base with seasonal profiles leaves them alone.
   */
  void learn(long index, long epochSecond, double residual, boolean sustained);

  void write(DataOutput out) throws IOException;

  void read(DataInput in) throws IOException;
}
