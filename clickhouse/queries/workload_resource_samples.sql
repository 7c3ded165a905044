-- Per service and minute: load (requests/s), mean replicas, mean per-replica CPU and memory (%).
-- The capacity plan fits its resource model and measures the load per replica on these rows.
-- Minutes without load, replicas or CPU are left out; memory is nan where it is missing.
SELECT
    service,
    window_start                                                              AS minute,
    sumIf(rate, metric = 'requests')                                          AS load,
    maxIf(mean, metric = 'replicas')                                          AS replicas,
    maxIf(mean, metric = 'cpu_percent')                                       AS cpu_percent,
    if(countIf(metric = 'memory_percent') = 0, nan, maxIf(mean, metric = 'memory_percent')) AS memory_percent
FROM headroom.percentile_windows FINAL
WHERE window_seconds = 60
  AND metric IN ('requests', 'replicas', 'cpu_percent', 'memory_percent')
GROUP BY service, minute
HAVING countIf(metric = 'requests') > 0 AND countIf(metric = 'replicas') > 0 AND countIf(metric = 'cpu_percent') > 0
ORDER BY service, minute
