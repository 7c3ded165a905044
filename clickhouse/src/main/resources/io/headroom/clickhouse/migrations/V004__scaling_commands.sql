-- Every scaling decision with its reason: "why did it (not) scale at 10:42?" is one query.
CREATE TABLE IF NOT EXISTS ${database}.scaling_commands${local}
(
    command_id     String,
    target         String,
    decided_at     DateTime,
    decided_millis UInt64,
    from_replicas  Int32,
    to_replicas    Int32,
    policy         String,
    limit_kind     String,
    driving_metric String,
    metric_value   Float64,
    metric_target  Float64,
    forecast_used  UInt8,
    forecast_value Nullable(Float64),
    reason         String
)
ENGINE = ${engine.prefix}ReplacingMergeTree${engine.args}
PARTITION BY toYYYYMM(decided_at)
ORDER BY (target, decided_at, command_id)
