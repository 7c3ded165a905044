package io.headroom.core.alerts;

/**
 * The rules Headroom ships, from common SRE practice: CPU above 70 % and memory above 80 % for 5
 * minutes, p95 latency above 500 ms, error rate above 1 % (warning) / 5 % (critical), queue depth
 * above 100 per pod or 1000 in total, and processing time (median latency) at twice its normal
 * level. Every rule clears only below a lower threshold held for a while (hysteresis). {@code
 * ./headroom alerts --print-default-rules} prints this file as a starting point.
 */
public final class DefaultAlertRules {
  public static final String YAML =
      """
      # Headroom alert rules. Each rule reads one statistic of one metric's percentile windows
      # (per service) and fires when the value stays strictly above a threshold for `for`;
      # it resolves only when the value stays below `clear.below` for `clear.for` (hysteresis).
      # Thresholds are in the metric's own unit (error_rate is a ratio: 0.01 = 1 %).
      window: 1m                      # size of the windows evaluated (the smallest the pipeline emits)
      rules:
        - name: cpu-high
          metric: cpu_percent
          statistic: mean             # mean | min | max | p50 | p90 | p95 | p99 | rate | sum | count
          warning: {above: 70, priority: urgent}
          critical: {above: 90, priority: immediate}
          for: 5m
          clear: {below: 60, for: 5m}
          recommendation: CPU is the bottleneck. Add replicas (check maxReplicas) or raise the CPU limit, and review the capacity plan.
        - name: memory-high
          metric: memory_percent
          statistic: mean
          warning: {above: 80, priority: urgent}
          critical: {above: 95, priority: immediate}
          for: 5m
          clear: {below: 70, for: 5m}
          recommendation: Memory is close to the pod limit. Raise the memory limit or add replicas; if it grows without load, look for a leak.
        - name: latency-p95-high
          metric: latency_ms
          statistic: p95
          warning: {above: 500, priority: urgent}
          critical: {above: 1000, priority: immediate}
          for: 1m
          clear: {below: 400, for: 5m}
          recommendation: Requests are slow. Check CPU and queue depth of the service and its dependencies; scale out if they are saturated.
        - name: error-rate-high
          metric: error_rate
          statistic: mean
          warning: {above: 0.01, priority: urgent}
          critical: {above: 0.05, priority: immediate}
          for: 1m
          clear: {below: 0.005, for: 5m}
          recommendation: Requests are failing. Check recent deploys and dependency health; roll back if the errors started with a release.
        - name: queue-depth-per-pod
          metric: queue_depth
          statistic: mean
          per: replica                # divide by the mean replica count of the same window
          warning: {above: 100, priority: urgent}
          for: 1m
          clear: {below: 50, for: 5m}
          recommendation: Work queues up faster than the pods drain it. Add replicas or raise the autoscaler's maxReplicas.
        - name: queue-depth-total
          metric: queue_depth
          statistic: mean
          warning: {above: 1000, priority: urgent}
          for: 1m
          clear: {below: 500, for: 5m}
          recommendation: The backlog is large. Scale consumers out and check for a stuck or slow downstream.
        - name: processing-time-regression
          metric: latency_ms
          statistic: p50
          baseline: {half-life: 1h, warm-up: 30m}   # thresholds below are multiples of the normal level
          warning: {above: 2.0, priority: planned}
          for: 5m
          clear: {below: 1.5, for: 10m}
          recommendation: Processing takes twice its normal time. Compare with the last release and profile the slow path before it becomes a bottleneck.
      """;

  private DefaultAlertRules() {}
}
