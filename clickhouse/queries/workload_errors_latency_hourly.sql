-- Error rate and latency percentiles per service and clock hour, from the one-hour windows
-- (their percentiles come from merged sketches: within 1 % of the exact hourly percentiles).
-- error_rate is a ratio gauge: shown here in percent, mean and worst sample of the hour.
SELECT
    service,
    window_start                                                               AS hour,
    sumIf(count, metric = 'latency_ms')                                        AS latency_samples,
    round(if(countIf(metric = 'latency_ms') = 0, nan, maxIf(p50, metric = 'latency_ms')), 2) AS latency_p50_ms,
    round(if(countIf(metric = 'latency_ms') = 0, nan, maxIf(p95, metric = 'latency_ms')), 2) AS latency_p95_ms,
    round(if(countIf(metric = 'latency_ms') = 0, nan, maxIf(p99, metric = 'latency_ms')), 2) AS latency_p99_ms,
    round(100 * if(countIf(metric = 'error_rate') = 0, nan, maxIf(mean, metric = 'error_rate')), 4) AS error_rate_pct,
    round(100 * if(countIf(metric = 'error_rate') = 0, nan, maxIf(max, metric = 'error_rate')), 4) AS worst_error_rate_pct
FROM headroom.percentile_windows FINAL
WHERE window_seconds = 3600
  AND metric IN ('latency_ms', 'error_rate')
GROUP BY service, hour
ORDER BY service, hour
