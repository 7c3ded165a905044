package io.headroom.core.queue;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.ForecastQuantile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The predictive mode for queues: scale for the backlog expected when consumers asked for now can
 * take items (start-up plus one sync period), not for the backlog of now. The expected lag is the
 * backlog now, plus the arrivals the forecast expects over the lead at the policy's quantile, minus
 * what the consumers ready now serve meanwhile. It goes to KEDA's rule ({@link QueueScaler}) in
 * place of the measured lag, but never below it: a forecast never lowers the reactive decision.
 */
public final class BacklogForecast {
  private BacklogForecast() {}

  /**
   * Items expected to arrive in {@code (now, now + lead]}: each forecast step's quantile, weighted
   * by the share of the step that falls in the lead.
   *
   * @param points forecast arrivals per step, each point at the start of its step
   */
  public static double arrivalsOverLead(
      List<ForecastPoint> points,
      Instant now,
      Duration lead,
      Duration step,
      ForecastQuantile quantile) {
    long from = now.getEpochSecond();
    long until = from + lead.toSeconds();
    double stepSeconds = step.toSeconds();
    double arrivals = 0;
    for (ForecastPoint point : points) {
      long start = point.timestamp().getEpochSecond();
      long overlap = Math.min(start + step.toSeconds(), until) - Math.max(start, from);
      if (overlap > 0) {
        arrivals += quantile.of(point) * overlap / stepSeconds;
      }
    }
    return arrivals;
  }

  /**
   * The lag to scale for: {@code backlog + arrivals − served} over the lead, rounded up, and never
   * below the backlog now.
   */
  public static long expectedLag(long backlog, double arrivalsOverLead, double servedOverLead) {
    double expected = backlog + arrivalsOverLead - servedOverLead;
    return Math.max(backlog, (long) Math.ceil(expected - 1e-9));
  }
}
