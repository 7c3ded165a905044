-- One row per forecast step. fitted_at is the event time of the last observation the model saw.
CREATE TABLE IF NOT EXISTS ${database}.load_forecasts${local}
(
    forecast_id    String,
    service        String,
    metric         String,
    model          String,
    trusted        UInt8,
    fitted_at      DateTime,
    step_seconds   UInt32,
    interval_level Float64,
    horizon_time   DateTime,
    value          Float64,
    lower          Float64,
    upper          Float64
)
ENGINE = ${engine.prefix}ReplacingMergeTree${engine.args}
PARTITION BY toYYYYMM(fitted_at)
ORDER BY (service, metric, step_seconds, fitted_at, horizon_time)
