-- Daily seasonal profile per service: for each hour of day (UTC), the average, p95 and peak of
-- the per-minute load over all days, and the seasonal index: the hour's average over the mean of
-- the hourly averages (1.0 = an average hour; the 24 indexes average to 1).
SELECT
    service,
    hour_utc,
    days,
    round(avg_load, 3)                    AS avg_load,
    round(p95_load, 3)                    AS p95_load,
    round(peak_load, 3)                   AS peak_load,
    round(avg_load / mean_hour_load, 3)   AS seasonal_index
FROM
(
    SELECT service, toHour(window_start, 'UTC') AS hour_utc, uniqExact(toDate(window_start, 'UTC')) AS days,
           avg(rate) AS avg_load, quantileExact(0.95)(rate) AS p95_load, max(rate) AS peak_load
    FROM headroom.percentile_windows FINAL
    WHERE metric = 'requests' AND window_seconds = 60
    GROUP BY service, hour_utc
)
ANY LEFT JOIN
(
    SELECT service, avg(hour_load) AS mean_hour_load
    FROM
    (
        SELECT service, toHour(window_start, 'UTC') AS hour_utc, avg(rate) AS hour_load
        FROM headroom.percentile_windows FINAL
        WHERE metric = 'requests' AND window_seconds = 60
        GROUP BY service, hour_utc
    )
    GROUP BY service
) USING (service)
ORDER BY service, hour_utc
