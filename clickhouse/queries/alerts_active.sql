-- Alerts firing now: per service and rule, the latest state change, kept when it is 'firing'
-- (an escalation to critical is a later change than the warning it replaced).
SELECT
    service,
    rule,
    argMax(metric, changed_at)          AS metric,
    argMax(severity, changed_at)        AS severity,
    argMax(priority, changed_at)        AS priority,
    argMax(state, changed_at)           AS state,
    max(changed_at)                     AS since,
    argMax(value, changed_at)           AS value,
    argMax(threshold, changed_at)       AS threshold,
    argMax(recommendation, changed_at)  AS recommendation
FROM headroom.alerts FINAL
GROUP BY service, rule
HAVING state = 'firing'
ORDER BY service, severity = 'critical' DESC, since
