-- Every scaling decision that changed the replica count, with its reason.
SELECT decided_at, target, from_replicas, to_replicas, policy, limit_kind, driving_metric,
       round(metric_value, 1) AS metric_value, metric_target, forecast_used, reason
FROM headroom.scaling_commands FINAL
WHERE from_replicas != to_replicas
ORDER BY target, decided_at
