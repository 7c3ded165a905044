-- Per service and clock hour: mean and peak of the per-minute load (requests/s) and the mean and
-- highest replica count. The report charts these; hours with load but no replica windows show nan.
SELECT
    service,
    toStartOfHour(window_start, 'UTC')                                                        AS hour,
    round(avgIf(rate, metric = 'requests'), 4)                                           AS mean_load,
    round(maxIf(rate, metric = 'requests'), 4)                                           AS peak_load,
    round(if(countIf(metric = 'replicas') = 0, nan, avgIf(mean, metric = 'replicas')), 3) AS mean_replicas,
    if(countIf(metric = 'replicas') = 0, nan, maxIf(max, metric = 'replicas'))           AS max_replicas
FROM headroom.percentile_windows FINAL
WHERE window_seconds = 60
  AND metric IN ('requests', 'replicas')
GROUP BY service, hour
HAVING countIf(metric = 'requests') > 0
ORDER BY service, hour
