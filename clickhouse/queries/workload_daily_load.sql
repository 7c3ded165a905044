-- Per service and UTC day: mean, p95 and peak of the per-minute load (requests/s) and how many
-- minutes the day has. The capacity plan projects these three daily series with its growth model;
-- days with fewer than 720 minutes (12 h) are left out there.
SELECT
    service,
    toDate(window_start, 'UTC')        AS day,
    count()                            AS minutes,
    avg(rate)                          AS mean_load,
    quantileExact(0.95)(rate)          AS p95_load,
    max(rate)                          AS peak_load
FROM headroom.percentile_windows FINAL
WHERE metric = 'requests'
  AND window_seconds = 60
GROUP BY service, day
ORDER BY service, day
