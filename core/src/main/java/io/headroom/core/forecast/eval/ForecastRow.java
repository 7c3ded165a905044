package io.headroom.core.forecast.eval;

import java.time.Instant;

/**
 * One line of the forecast file {@code origin,timestamp,predicted,lower,upper}: the forecast made
 * at {@code origin}, seeing only data up to it, for the step starting at {@code timestamp}, with
 * its 95 % prediction interval.
 */
public record ForecastRow(
    Instant origin, Instant timestamp, double predicted, double lower, double upper) {
  public static final String CSV_HEADER = "origin,timestamp,predicted,lower,upper";
}
