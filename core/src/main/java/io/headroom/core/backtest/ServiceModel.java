package io.headroom.core.backtest;

import java.util.Arrays;

/**
 * The simulated service of the backtest (evaluation.md, "the service model"): a desired replica
 * count, pods that become ready {@code startup} after they were asked for, and removal of pods not
 * yet ready first (youngest first), then ready ones, at once.
 *
 * <p>Mutable, single-threaded; pending pods live in a ring buffer of ready times (seconds), in
 * increasing order because the start-up delay is constant. No allocation per step.
 */
final class ServiceModel {
  private final long startupSeconds;
  private long[] pendingReadyAt = new long[16];
  private int head;
  private int size;
  private int ready;

  /** {@code initialReady} ready pods, none pending. */
  ServiceModel(int initialReady, long startupSeconds) {
    if (initialReady < 0) {
      throw new IllegalArgumentException("initialReady: " + initialReady + " must be >= 0");
    }
    if (startupSeconds < 0) {
      throw new IllegalArgumentException("startup: " + startupSeconds + "s must be >= 0");
    }
    this.ready = initialReady;
    this.startupSeconds = startupSeconds;
  }

  /** Pods that are ready at {@code time} (ready time at or before it) become ready. */
  void advanceTo(long timeSeconds) {
    while (size > 0 && pendingReadyAt[head] <= timeSeconds) {
      head = (head + 1) % pendingReadyAt.length;
      size--;
      ready++;
    }
  }

  /**
   * Sets the desired count at {@code time}: starts new pods, or removes pending then ready pods.
   */
  void scaleTo(int desired, long timeSeconds) {
    if (desired < 0) {
      throw new IllegalArgumentException("desired: " + desired + " must be >= 0");
    }
    int current = desired();
    if (desired > current) {
      for (int i = current; i < desired; i++) {
        push(timeSeconds + startupSeconds);
      }
      advanceTo(timeSeconds); // with no start-up delay the pods serve at once
    } else if (desired < current) {
      int remove = current - desired;
      int fromPending = Math.min(remove, size);
      size -= fromPending; // the youngest pending pods sit at the tail
      ready -= remove - fromPending;
    }
  }

  int desired() {
    return ready + size;
  }

  int ready() {
    return ready;
  }

  int pending() {
    return size;
  }

  private void push(long readyAt) {
    if (size == pendingReadyAt.length) {
      long[] grown = new long[pendingReadyAt.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = pendingReadyAt[(head + i) % pendingReadyAt.length];
      }
      pendingReadyAt = grown;
      head = 0;
    }
    pendingReadyAt[(head + size) % pendingReadyAt.length] = readyAt;
    size++;
  }

  @Override
  public String toString() {
    long[] pending = new long[size];
    for (int i = 0; i < size; i++) {
      pending[i] = pendingReadyAt[(head + i) % pendingReadyAt.length];
    }
    return "ServiceModel[ready=" + ready + ", pendingReadyAt=" + Arrays.toString(pending) + "]";
  }
}
