package io.headroom.core.capacity;

import java.time.Instant;

/**
 * One window of a service's resource history: the load it served and what it used.
 *
 * @param time start of the window
 * @param load load in the window (requests per second)
 * @param replicas mean number of replicas running
 * @param cpuPercent mean CPU utilization per replica, percent of one replica's CPU (NaN when
 *     unknown)
 * @param memoryPercent mean memory use per replica, percent of one replica's memory limit (NaN when
 *     unknown)
 */
public record ResourceSample(
    Instant time, double load, double replicas, double cpuPercent, double memoryPercent) {}
