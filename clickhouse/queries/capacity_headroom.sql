-- Capacity headroom per service: how close the busiest minutes came to full CPU, and how much
-- load could grow before the replicas in service at the time would reach 100 % CPU.
-- headroom_pct = 100 - p95 of per-minute mean CPU; growth_factor_to_saturation = 100 / that p95.
SELECT
    service,
    round(quantileExact(0.95)(mean), 1)                  AS p95_cpu_pct,
    round(max(mean), 1)                                  AS peak_cpu_pct,
    round(100 - quantileExact(0.95)(mean), 1)            AS headroom_pct,
    round(100 / greatest(quantileExact(0.95)(mean), 1), 2) AS growth_factor_to_saturation,
    count()                                              AS minutes
FROM headroom.percentile_windows FINAL
WHERE metric = 'cpu_percent'
  AND window_seconds = 60
GROUP BY service
ORDER BY headroom_pct ASC
