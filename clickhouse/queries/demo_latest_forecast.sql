-- The demo's forecast: the latest 1-minute-step load forecast of the replayed service (nasa-web),
-- requests per minute with its 95 % interval, every 15 minutes of the next 2 hours.
SELECT horizon_time, round(value, 1) AS forecast, round(lower, 1) AS lower, round(upper, 1) AS upper, model, trusted
FROM headroom.load_forecasts FINAL
WHERE service = 'nasa-web' AND metric = 'requests' AND step_seconds = 60
  AND fitted_at = (SELECT max(fitted_at) FROM headroom.load_forecasts WHERE service = 'nasa-web' AND step_seconds = 60)
  AND toMinute(horizon_time) % 15 = 0
ORDER BY horizon_time
