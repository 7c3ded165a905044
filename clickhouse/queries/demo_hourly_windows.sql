-- The demo's progress: the hourly latency windows of the replayed service (nasa-web) loaded so far, one row each.
SELECT window_start AS hour
FROM headroom.percentile_windows FINAL
WHERE service = 'nasa-web' AND metric = 'latency_ms' AND window_seconds = 3600
