package io.headroom.core.metric;

import java.util.Set;

/** The metric names Headroom's own producers emit, and which of them can never be negative. */
public final class MetricNames {
  public static final String CPU_PERCENT = "cpu_percent";
  public static final String MEMORY_PERCENT = "memory_percent";
  public static final String REQUESTS = "requests";
  public static final String LATENCY_MS = "latency_ms";
  public static final String QUEUE_DEPTH = "queue_depth";
  public static final String ERROR_RATE = "error_rate";
  public static final String REPLICAS = "replicas";

  static final Set<String> NON_NEGATIVE =
      Set.of(CPU_PERCENT, MEMORY_PERCENT, REQUESTS, LATENCY_MS, QUEUE_DEPTH, ERROR_RATE, REPLICAS);

  private MetricNames() {}
}
