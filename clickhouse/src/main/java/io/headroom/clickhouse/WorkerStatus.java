package io.headroom.clickhouse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's {@link WorkerHealth}, readable from any thread. Logs each change once (not each
 * retry), so an outage shows as one warning when it starts and one line when it ends.
 */
final class WorkerStatus {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerStatus.class);

  private final String worker;
  private final AtomicLong degradations = new AtomicLong();
  private volatile WorkerHealth health = WorkerHealth.HEALTHY;
  private volatile String reason = "";
  private long degradedSinceNanos;

  WorkerStatus(String worker) {
    this.worker = worker;
  }

  void degraded(Exception cause, Duration retryIn) {
    String why = describe(cause);
    if (health != WorkerHealth.DEGRADED) {
      degradations.incrementAndGet();
      degradedSinceNanos = System.nanoTime();
      LOG.warn(
          "{} degraded: {}; nothing is committed past what ClickHouse holds, retrying (next in {} ms)",
          worker,
          why,
          retryIn.toMillis());
    } else {
      LOG.debug("{} still degraded: {}", worker, why);
    }
    reason = why;
    health = WorkerHealth.DEGRADED;
  }

  void healthy() {
    if (health == WorkerHealth.DEGRADED) {
      LOG.warn(
          "{} recovered after {} s",
          worker,
          Duration.ofNanos(System.nanoTime() - degradedSinceNanos).toSeconds());
    }
    reason = "";
    health = WorkerHealth.HEALTHY;
  }

  void failed(Throwable cause) {
    reason = describe(cause);
    health = WorkerHealth.FAILED;
    LOG.error("{} failed and stopped: {}", worker, reason, cause);
  }

  void stopped() {
    health = WorkerHealth.STOPPED;
  }

  WorkerHealth health() {
    return health;
  }

  /** Why the worker is degraded or failed; empty otherwise. */
  String reason() {
    return reason;
  }

  /** How many times the worker went from healthy to degraded. */
  long degradations() {
    return degradations.get();
  }

  String worker() {
    return worker;
  }

  private static String describe(Throwable cause) {
    return Secrets.redact(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
