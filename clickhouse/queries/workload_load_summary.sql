-- Load per service over all history: average vs p95 vs peak of the per-minute load (requests/s),
-- and the peak-to-average ratio. A ratio near 1 means flat traffic; 3 or more means capacity
-- sized for the average would fall over at the daily peak.
SELECT
    service,
    count()                                             AS minutes,
    min(window_start)                                   AS first_minute,
    max(window_start)                                   AS last_minute,
    round(avg(rate), 3)                                 AS avg_load,
    round(quantileExact(0.95)(rate), 3)                 AS p95_load,
    round(max(rate), 3)                                 AS peak_load,
    argMax(window_start, rate)                          AS peak_minute,
    round(max(rate) / avg(rate), 3)                     AS peak_to_average,
    round(quantileExact(0.95)(rate) / avg(rate), 3)     AS p95_to_average
FROM headroom.percentile_windows FINAL
WHERE metric = 'requests'
  AND window_seconds = 60
GROUP BY service
ORDER BY service
