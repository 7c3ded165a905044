-- Peak day of week (UTC) per service: the weekday whose average per-minute load is highest
-- (1 = Monday .. 7 = Sunday), and how far above the mean weekday it runs.
SELECT
    service,
    argMax(day_of_week, day_load)                                                          AS peak_day_of_week,
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][argMax(day_of_week, day_load)] AS peak_day,
    round(max(day_load), 3)                                                                AS peak_day_avg_load,
    round(max(day_load) / avg(day_load), 3)                                                AS peak_day_index,
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][argMin(day_of_week, day_load)] AS quietest_day,
    round(min(day_load), 3)                                                                AS quietest_day_avg_load
FROM
(
    SELECT service, toDayOfWeek(window_start, 'UTC') AS day_of_week, avg(rate) AS day_load
    FROM headroom.percentile_windows FINAL
    WHERE metric = 'requests' AND window_seconds = 60
    GROUP BY service, day_of_week
)
GROUP BY service
ORDER BY service
