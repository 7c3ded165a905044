package io.headroom.core.status;

import java.time.Duration;
import java.time.Instant;

/**
 * How recent a service's newest percentile window and forecast are: the pipeline is stale for a
 * service whose newest window ended longer ago than the limit (its metrics, Streams or the loader
 * stopped), or whose newest forecast was fitted longer ago than that after its newest window (the
 * forecast job stopped).
 *
 * @param newestWindow end of the newest window in storage, null when there is none
 * @param newestForecast fit time of the newest forecast, null when there is none
 */
public record ServiceFreshness(String service, Instant newestWindow, Instant newestForecast) {
  /** Why the service is stale at {@code now}, or null when it is fresh. */
  public String problem(Instant now, Duration limit) {
    if (newestWindow == null || newestWindow.isBefore(now.minus(limit))) {
      return "no window since " + (newestWindow == null ? "ever" : newestWindow);
    }
    if (newestForecast != null && newestForecast.isBefore(newestWindow.minus(limit))) {
      return "no forecast since " + newestForecast + " (windows until " + newestWindow + ")";
    }
    return null;
  }
}
