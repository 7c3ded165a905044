package io.headroom.core.backtest;

import java.util.ArrayDeque;

/**
 * A FIFO queue counted in whole items: arrivals join the tail as one cohort per step, ready
 * consumers take from the head. Items are never created or lost: {@code arrived == served +
 * backlog} after every step (the initial backlog counts as arrived at the start).
 *
 * <p>Rates come as fractions per step (2.5 items per consumer in a 15 s step of a 10/min service
 * rate); the fraction is carried to the next step instead of being rounded away, so over a run the
 * whole items match the rates. A step's arrivals may be served in the same step (wait 0).
 *
 * <p>Mutable, single-threaded.
 */
final class QueueModel {
  /** Items that arrived in one step, stamped with the step's start (seconds). */
  private static final class Cohort {
    final long arrivedAt;
    long items;

    Cohort(long arrivedAt, long items) {
      this.arrivedAt = arrivedAt;
      this.items = items;
    }
  }

  private final ArrayDeque<Cohort> waiting = new ArrayDeque<>();
  private final long sloSeconds;
  private double arrivalCredit;
  private double serviceCredit;
  private long arrived;
  private long served;
  private long backlog;
  private long late;
  private double waitSeconds;

  QueueModel(long initialBacklog, long startSeconds, long sloSeconds) {
    if (initialBacklog < 0) {
      throw new IllegalArgumentException("backlog: " + initialBacklog + " must be >= 0");
    }
    this.sloSeconds = sloSeconds;
    add(initialBacklog, startSeconds);
  }

  /** Adds {@code expected} items (fractional) arriving in the step that starts at {@code now}. */
  long arrive(double expected, long now) {
    arrivalCredit += expected;
    long whole = (long) Math.floor(arrivalCredit);
    arrivalCredit -= whole;
    add(whole, now);
    return whole;
  }

  /**
   * Serves up to {@code capacity} items (fractional) in the step that starts at {@code now}, oldest
   * first. Capacity the queue cannot use is lost, but for the fraction below one item.
   */
  long serve(double capacity, long now) {
    serviceCredit += capacity;
    long whole = (long) Math.floor(serviceCredit);
    serviceCredit -= whole;
    long left = Math.min(whole, backlog);
    long done = left;
    while (left > 0) {
      Cohort head = waiting.peekFirst();
      long take = Math.min(left, head.items);
      long wait = now - head.arrivedAt;
      waitSeconds += (double) take * wait;
      late += wait > sloSeconds ? take : 0;
      head.items -= take;
      left -= take;
      if (head.items == 0) {
        waiting.pollFirst();
      }
    }
    backlog -= done;
    served += done;
    return done;
  }

  /** How long the oldest waiting item has waited at {@code now}; 0 with nothing waiting. */
  long oldestWait(long now) {
    Cohort head = waiting.peekFirst();
    return head == null ? 0 : now - head.arrivedAt;
  }

  /** Waiting items that have already waited longer than the SLO at {@code now}. */
  long waitingOverSlo(long now) {
    long count = 0;
    for (Cohort cohort : waiting) {
      if (now - cohort.arrivedAt <= sloSeconds) {
        break;
      }
      count += cohort.items;
    }
    return count;
  }

  long arrived() {
    return arrived;
  }

  long served() {
    return served;
  }

  long backlog() {
    return backlog;
  }

  /** Served items that had waited longer than the SLO. */
  long servedLate() {
    return late;
  }

  /** Mean wait of the served items, in seconds. */
  double meanWaitSeconds() {
    return served == 0 ? 0 : waitSeconds / served;
  }

  private void add(long items, long now) {
    if (items == 0) {
      return;
    }
    Cohort tail = waiting.peekLast();
    if (tail != null && tail.arrivedAt == now) {
      tail.items += items;
    } else {
      waiting.addLast(new Cohort(now, items));
    }
    arrived += items;
    backlog += items;
  }
}
