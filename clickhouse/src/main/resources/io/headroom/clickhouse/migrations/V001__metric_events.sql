-- Raw metric events. ReplacingMergeTree on the stable event id: a batch replayed after a crash
-- collapses into one row per event (query with FINAL, or GROUP BY event_id, for exact counts).
CREATE TABLE IF NOT EXISTS ${database}.metric_events${local}
(
    event_id     String,
    service      String,
    instance     String,
    metric       String,
    kind         String,
    value        Float64,
    unit         String,
    event_time   DateTime,
    event_millis UInt64,
    label_keys   Array(String),
    label_values Array(String)
)
ENGINE = ${engine.prefix}ReplacingMergeTree${engine.args}
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (service, metric, event_time, event_id)
