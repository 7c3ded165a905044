-- The demo's decisions: every scaling decision for the replayed service (nasa-web), in time order.
SELECT decided_at, from_replicas AS from_r, to_replicas AS to_r, limit_kind, forecast_used, reason
FROM headroom.scaling_commands FINAL
WHERE target = 'nasa-web'
ORDER BY decided_at
