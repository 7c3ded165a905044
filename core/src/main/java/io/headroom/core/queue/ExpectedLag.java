package io.headroom.core.queue;

import java.time.Duration;
import java.util.Locale;

/**
 * The backlog the predictive mode scales for, with the figures behind it (the decision's reason
 * shows them, so a raised decision can be checked by hand).
 *
 * @param backlog the lag measured now
 * @param arrivals items expected to arrive over the lead, at the quantile
 * @param served items the ready consumers serve over the lead
 * @param lag {@link BacklogForecast#expectedLag}: never below {@code backlog}
 * @param lead how far ahead the backlog is expected
 * @param quantile the forecast quantile the arrivals are read at
 */
public record ExpectedLag(
    long backlog, double arrivals, double served, long lag, Duration lead, double quantile) {

  /** True when the forecast asks for more than the measured lag. */
  public boolean raises() {
    return lag > backlog;
  }

  /** "forecast q0.91 over 135 s: backlog 400 + 520.0 arriving − 300.0 served = lag 620". */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "forecast q%.2f over %d s: backlog %d + %.1f arriving − %.1f served = lag %d%s",
        quantile,
        lead.toSeconds(),
        backlog,
        arrivals,
        served,
        lag,
        raises() ? "" : " (the measured lag stands)");
  }
}
