package io.headroom.core.capacity;

import java.util.List;

/**
 * What the capacity plan reads from a service's history.
 *
 * @param days per-day load statistics, any order
 * @param samples per-window load, replicas, CPU and memory, any order
 */
public record CapacityHistory(String service, List<DailyLoad> days, List<ResourceSample> samples) {
  public CapacityHistory {
    days = List.copyOf(days);
    samples = List.copyOf(samples);
  }
}
