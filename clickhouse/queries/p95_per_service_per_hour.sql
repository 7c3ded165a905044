-- Hourly latency percentiles per service, from the exact 1-hour roll-ups the Streams app
-- computes by merging DDSketches (within 1 % of the exact percentiles of all samples in the hour).
-- FINAL collapses rows a replayed load may have inserted twice.
SELECT
    service,
    window_start AS hour,
    count        AS samples,
    round(p50, 1) AS p50_ms,
    round(p95, 1) AS p95_ms,
    round(p99, 1) AS p99_ms
FROM headroom.percentile_windows FINAL
WHERE metric = 'latency_ms'
  AND window_seconds = 3600
ORDER BY service, hour
