-- Services ranked by their worst hourly p99 latency, with the hour it happened.
SELECT
    service,
    round(max(p99), 1)               AS worst_p99_ms,
    argMax(window_start, p99)        AS worst_hour,
    round(avg(p99), 1)               AS mean_hourly_p99_ms,
    sum(count)                       AS samples
FROM headroom.percentile_windows FINAL
WHERE metric = 'latency_ms'
  AND window_seconds = 3600
GROUP BY service
ORDER BY worst_p99_ms DESC
LIMIT 10
