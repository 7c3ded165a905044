-- Peak hour of day (UTC) per service: the hour whose average per-minute load over all days is
-- highest, and how far above the mean hour it runs (index 1.0 = an average hour).
SELECT
    service,
    argMax(hour_utc, hour_load)                         AS peak_hour_utc,
    round(max(hour_load), 3)                            AS peak_hour_avg_load,
    round(max(hour_load) / avg(hour_load), 3)           AS peak_hour_index,
    argMin(hour_utc, hour_load)                         AS quietest_hour_utc,
    round(min(hour_load), 3)                            AS quietest_hour_avg_load
FROM
(
    SELECT service, toHour(window_start, 'UTC') AS hour_utc, avg(rate) AS hour_load
    FROM headroom.percentile_windows FINAL
    WHERE metric = 'requests' AND window_seconds = 60
    GROUP BY service, hour_utc
)
GROUP BY service
ORDER BY service
