-- One row per service x metric x window (1-minute and 1-hour by default). The DDSketch travels in
-- `sketch`, so any set of windows can be merged exactly outside ClickHouse.
CREATE TABLE IF NOT EXISTS ${database}.percentile_windows${local}
(
    service           String,
    metric            String,
    kind              String,
    window_start      DateTime,
    window_end        DateTime,
    window_seconds    UInt32,
    count             UInt64,
    sum               Float64,
    rate              Float64,
    min               Float64,
    max               Float64,
    mean              Float64,
    p50               Float64,
    p90               Float64,
    p95               Float64,
    p99               Float64,
    relative_accuracy Float64,
    sketch            String
)
ENGINE = ${engine.prefix}ReplacingMergeTree${engine.args}
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (service, metric, window_seconds, window_start)
