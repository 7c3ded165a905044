package io.headroom.ingest;

/**
 * What a publisher sent, and how much of it the percentile app will refuse by core's {@code
 * MetricValidator} (the rule Streams applies): those events reach the topic but end in its
 * dead-letter topic, not in any window.
 *
 * @param events events produced
 * @param rejected of those, the ones the validator refuses
 * @param firstRejection the validator's reason for the first refused event; null when none was
 */
public record PublishReport(long events, long rejected, String firstRejection) {
  /** True when there were events and none of them will be aggregated. */
  public boolean allRejected() {
    return events > 0 && rejected == events;
  }
}
