package io.headroom.clickhouse;

/** How a loader worker is doing, from best to worst (the loader reports its worst worker's). */
public enum WorkerHealth {
  /** Stopped when asked to, after loading and committing what it held. */
  STOPPED,
  /** Broker and ClickHouse answered its last attempt. */
  HEALTHY,
  /** The broker or ClickHouse failed it; it keeps retrying with backoff, losing nothing. */
  DEGRADED,
  /** Gone, for a reason retrying cannot fix; the process should exit non-zero. */
  FAILED
}
