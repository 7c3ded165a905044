-- Cross-check: the sketch's hourly p95 next to the exact p95 recomputed from the raw events.
-- "Exact" is the lower order statistic at rank floor(0.95 * (n - 1)), the definition DDSketch's
-- 1 % guarantee refers to (quantileExact picks a neighbouring sample, which can differ by more).
SELECT
    w.service,
    w.window_start                         AS hour,
    round(w.p95, 2)                        AS sketch_p95_ms,
    round(e.exact_p95, 2)                  AS exact_p95_ms,
    round(100 * (w.p95 / e.exact_p95 - 1), 3) AS error_pct
FROM
(
    SELECT service, window_start, p95
    FROM headroom.percentile_windows FINAL
    WHERE metric = 'latency_ms' AND window_seconds = 3600
) AS w
ANY INNER JOIN
(
    SELECT service, toStartOfHour(event_time) AS window_start,
           arraySort(groupArray(value))[toUInt64(floor(0.95 * (count() - 1))) + 1] AS exact_p95
    FROM headroom.metric_events FINAL
    WHERE metric = 'latency_ms'
    GROUP BY service, window_start
) AS e USING (service, window_start)
ORDER BY w.service, hour
