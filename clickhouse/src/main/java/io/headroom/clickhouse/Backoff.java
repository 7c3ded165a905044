package io.headroom.clickhouse;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits between retries: doubling from {@code first} up to {@code max}, so an outage of any length
 * costs a retry every {@code max} at most, and a brief one is retried within a second.
 */
final class Backoff {
  private final Duration first;
  private final Duration max;
  private Duration next;

  Backoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.next = first;
  }

  Duration next() {
    return next;
  }

  /** Sleeps the next wait, returning early once {@code keepWaiting} turns false. */
  void sleep(BooleanSupplier keepWaiting) {
    long deadline = System.nanoTime() + next.toNanos();
    next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
    while (keepWaiting.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void reset() {
    next = first;
  }
}
