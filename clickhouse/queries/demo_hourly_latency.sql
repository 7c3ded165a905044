-- The demo's table: hourly latency percentiles of the replayed service (nasa-web) from the 1-hour
-- windows' DDSketches, next to the exact p95 recomputed from its raw events, and the sketch's error.
SELECT w.hour AS hour, w.samples AS samples, round(w.p50, 1) AS p50, round(w.p95, 1) AS p95, round(w.p99, 1) AS p99,
       round(e.exact_p95, 1) AS exact_p95, round(100 * (w.p95 / e.exact_p95 - 1), 2) AS p95_error_pct
FROM
(
    SELECT window_start AS hour, count AS samples, p50, p95, p99
    FROM headroom.percentile_windows FINAL
    WHERE service = 'nasa-web' AND metric = 'latency_ms' AND window_seconds = 3600
) AS w
ANY LEFT JOIN
(
    SELECT toStartOfHour(event_time) AS hour,
           arraySort(groupArray(value))[toUInt64(floor(0.95 * (count() - 1))) + 1] AS exact_p95
    FROM headroom.metric_events FINAL
    WHERE service = 'nasa-web' AND metric = 'latency_ms'
    GROUP BY hour
) AS e USING (hour)
ORDER BY hour
