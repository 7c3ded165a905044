-- The newest forecast per service, metric and step size: every horizon point of the forecast with
-- the latest fitted_at, with its prediction interval.
SELECT
    service,
    metric,
    step_seconds,
    model,
    trusted,
    interval_level,
    fitted_at,
    horizon_time,
    value,
    lower,
    upper
FROM headroom.load_forecasts FINAL
WHERE (service, metric, step_seconds, fitted_at) IN
(
    SELECT service, metric, step_seconds, max(fitted_at)
    FROM headroom.load_forecasts FINAL
    GROUP BY service, metric, step_seconds
)
ORDER BY service, metric, step_seconds, horizon_time
