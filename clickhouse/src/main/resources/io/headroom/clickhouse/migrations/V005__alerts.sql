-- Alert state changes (firing / resolved) from the threshold rules.
CREATE TABLE IF NOT EXISTS ${database}.alerts${local}
(
    alert_id       String,
    rule           String,
    service        String,
    metric         String,
    severity       String,
    state          String,
    value          Float64,
    threshold      Float64,
    priority       String,
    recommendation String,
    changed_at     DateTime
)
ENGINE = ${engine.prefix}ReplacingMergeTree${engine.args}
PARTITION BY toYYYYMM(changed_at)
ORDER BY (service, rule, changed_at, alert_id)
