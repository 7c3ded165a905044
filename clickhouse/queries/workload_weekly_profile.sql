-- Weekly seasonal profile per service: for each hour of the week (UTC; day_of_week 1 = Monday,
-- hour_of_week 0 = Monday 00:00), the average per-minute load and its seasonal index against the
-- mean of the 168 hourly averages. Weekday/weekend differences show here, not in the daily profile.
SELECT
    service,
    day_of_week,
    hour_utc,
    (day_of_week - 1) * 24 + hour_utc       AS hour_of_week,
    weeks,
    round(avg_load, 3)                      AS avg_load,
    round(peak_load, 3)                     AS peak_load,
    round(avg_load / mean_hour_load, 3)     AS seasonal_index
FROM
(
    SELECT service, toDayOfWeek(window_start, 'UTC') AS day_of_week, toHour(window_start, 'UTC') AS hour_utc,
           uniqExact(toDate(window_start, 'UTC')) AS weeks, avg(rate) AS avg_load, max(rate) AS peak_load
    FROM headroom.percentile_windows FINAL
    WHERE metric = 'requests' AND window_seconds = 60
    GROUP BY service, day_of_week, hour_utc
)
ANY LEFT JOIN
(
    SELECT service, avg(hour_load) AS mean_hour_load
    FROM
    (
        SELECT service, toDayOfWeek(window_start, 'UTC') AS d, toHour(window_start, 'UTC') AS h, avg(rate) AS hour_load
        FROM headroom.percentile_windows FINAL
        WHERE metric = 'requests' AND window_seconds = 60
        GROUP BY service, d, h
    )
    GROUP BY service
) USING (service)
ORDER BY service, hour_of_week
