package io.headroom.core.scaling;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's memory of one target: its raw recommendations (for the stabilization windows) and
 * the scale events it caused (for the rate policies). Immutable; every decision returns the next
 * history, which the caller stores (for example in Flink keyed state) and passes to the next call.
 *
 * <p>Size: entries older than the longest stabilization window or policy period are pruned at each
 * decision, so at a 15 s sync period with the default behavior the history holds at most 20
 * recommendations and a handful of events.
 *
 * <p>Cost: the lists are immutable views of append-only arrays of times and counts, shared between
 * successive histories, so a decision neither copies the history to prune it (the view starts
 * later) nor to add to it (the entry goes into the free slot after the view, unless another history
 * already took that slot); the arrays are copied only when full, amortized O(1) per entry. A slot
 * seen by a view is never written again, so every history keeps the entries it was created with.
 * The engine's window scans read the arrays; {@code get} makes the entry record on each call.
 *
 * @param recommendations raw recommendations in the order they were made
 * @param scaleUps scale-up events, {@code replicaChange} = pods added
 * @param scaleDowns scale-down events, {@code replicaChange} = pods removed
 */
public record ScalingHistory(
    List<Recommendation> recommendations, List<ScaleEvent> scaleUps, List<ScaleEvent> scaleDowns) {
  /** One raw recommendation (before stabilization and policies). */
  public record Recommendation(Instant time, int replicas) {}

  /** One change of the replica count; {@code replicaChange} is a positive magnitude. */
  public record ScaleEvent(Instant time, int replicaChange) {
    public ScaleEvent {
      if (replicaChange <= 0) {
        throw new IllegalArgumentException("replicaChange: " + replicaChange + " must be > 0");
      }
    }
  }

  /**
   * How a log reads the time and the count (replicas, or replicas changed) of its entries, and
   * makes one.
   */
  private interface Entry<T> {
    Instant time(T entry);

    int count(T entry);

    T make(Instant time, int count);
  }

  private static final Entry<Recommendation> RECOMMENDATION =
      new Entry<>() {
        @Override
        public Instant time(Recommendation entry) {
          return entry.time();
        }

        @Override
        public int count(Recommendation entry) {
          return entry.replicas();
        }

        @Override
        public Recommendation make(Instant time, int count) {
          return new Recommendation(time, count);
        }
      };

  private static final Entry<ScaleEvent> EVENT =
      new Entry<>() {
        @Override
        public Instant time(ScaleEvent entry) {
          return entry.time();
        }

        @Override
        public int count(ScaleEvent entry) {
          return entry.replicaChange();
        }

        @Override
        public ScaleEvent make(Instant time, int count) {
          return new ScaleEvent(time, count);
        }
      };

  private static final ScalingHistory EMPTY = new ScalingHistory(List.of(), List.of(), List.of());

  public ScalingHistory {
    // Lists of this class are kept as they are (they are immutable); others are copied once.
    recommendations = Log.copyOf(recommendations, RECOMMENDATION);
    scaleUps = Log.copyOf(scaleUps, EVENT);
    scaleDowns = Log.copyOf(scaleDowns, EVENT);
  }

  public static ScalingHistory empty() {
    return EMPTY;
  }

  /**
   * Drops what can no longer fall inside a window or period of {@code behavior} at or after {@code
   * now}.
   */
  public ScalingHistory prune(Instant now, Behavior behavior) {
    int window = behavior.longestWindowSeconds();
    int period = behavior.longestPeriodSeconds();
    List<Recommendation> keptRecommendations = log(recommendations).keepAfter(now, window);
    List<ScaleEvent> keptUps = log(scaleUps).keepAfter(now, period);
    List<ScaleEvent> keptDowns = log(scaleDowns).keepAfter(now, period);
    if (keptRecommendations == recommendations && keptUps == scaleUps && keptDowns == scaleDowns) {
      return this;
    }
    return new ScalingHistory(keptRecommendations, keptUps, keptDowns);
  }

  /** This history plus one raw recommendation. */
  public ScalingHistory withRecommendation(Instant time, int replicas) {
    return new ScalingHistory(log(recommendations).append(time, replicas), scaleUps, scaleDowns);
  }

  /** This history plus a change from {@code from} to {@code to} replicas (no-op when equal). */
  public ScalingHistory withScale(Instant time, int from, int to) {
    if (to > from) {
      return new ScalingHistory(recommendations, scaledUp(time, from, to), scaleDowns);
    }
    if (to < from) {
      return new ScalingHistory(recommendations, scaleUps, scaledDown(time, from, to));
    }
    return this;
  }

  /**
   * {@code withRecommendation(time, recommendation).withScale(time, from, to)} in one step: what a
   * decision that went through stabilization records.
   */
  ScalingHistory withDecision(Instant time, int recommendation, int from, int to) {
    return new ScalingHistory(
        log(recommendations).append(time, recommendation),
        to > from ? scaledUp(time, from, to) : scaleUps,
        to < from ? scaledDown(time, from, to) : scaleDowns);
  }

  private List<ScaleEvent> scaledUp(Instant time, int from, int to) {
    return log(scaleUps).append(time, to - from);
  }

  private List<ScaleEvent> scaledDown(Instant time, int from, int to) {
    return log(scaleDowns).append(time, from - to);
  }

  /**
   * Pods added strictly after {@code now - periodSeconds} (upstream's {@code
   * getReplicasChangePerPeriod}).
   */
  int replicasAddedWithin(Instant now, int periodSeconds) {
    return log(scaleUps).sumAfter(now, periodSeconds);
  }

  /** Pods removed strictly after {@code now - periodSeconds}: the same over the scale-downs. */
  int replicasRemovedWithin(Instant now, int periodSeconds) {
    return log(scaleDowns).sumAfter(now, periodSeconds);
  }

  /**
   * The lowest of {@code initial} and the recommendations strictly after {@code now -
   * windowSeconds}.
   */
  int lowestRecommendationAfter(Instant now, int windowSeconds, int initial) {
    return log(recommendations).lowestAfter(now, windowSeconds, initial);
  }

  /**
   * The highest of {@code initial} and the recommendations strictly after {@code now -
   * windowSeconds}.
   */
  int highestRecommendationAfter(Instant now, int windowSeconds, int initial) {
    return log(recommendations).highestAfter(now, windowSeconds, initial);
  }

  /**
   * Whether the time {@code (second, nano)} is strictly after {@code now - seconds}, i.e. {@code
   * time.isAfter(now.minusSeconds(seconds))} without creating either instant: upstream's {@code
   * timestamp.After(cutoff)}, the test of every window and period.
   */
  private static boolean isAfter(long second, int nano, Instant now, long seconds) {
    long cutoff = now.getEpochSecond() - seconds;
    return second > cutoff || (second == cutoff && nano > now.getNano());
  }

  @SuppressWarnings("unchecked")
  private static <T> Log<T> log(List<T> list) {
    return (Log<T>) list; // the canonical constructor made every component a Log
  }

  /**
   * An immutable list of timed entries that is the part {@code [from, to)} of append-only arrays of
   * times and counts it may share with other logs; {@link #get} makes the entry from them. {@link
   * #append} writes into the slot at {@code to} only if no other log has claimed it (the arrays'
   * claimed length is still {@code to}); otherwise, or when the arrays are full, it copies the view
   * into new arrays twice its size.
   */
  private static final class Log<T> extends AbstractList<T> implements RandomAccess {
    private final Entry<T> kind;
    private final long[] seconds;
    private final int[] nanos;
    private final int[] counts;
    private final AtomicInteger claimed;
    private final int from;
    private final int to;

    /**
     * True when the times of {@code [from, to)} never decrease (always, for what the engine
     * records).
     */
    private final boolean ordered;

    private Log(
        Entry<T> kind,
        long[] seconds,
        int[] nanos,
        int[] counts,
        AtomicInteger claimed,
        int from,
        int to,
        boolean ordered) {
      this.kind = kind;
      this.seconds = seconds;
      this.nanos = nanos;
      this.counts = counts;
      this.claimed = claimed;
      this.from = from;
      this.to = to;
      this.ordered = ordered;
    }

    static <T> Log<T> copyOf(List<T> list, Entry<T> kind) {
      if (list instanceof Log<T> log) {
        return log;
      }
      Object[] entries = list.toArray();
      long[] seconds = new long[entries.length];
      int[] nanos = new int[entries.length];
      int[] counts = new int[entries.length];
      boolean ordered = true;
      for (int i = 0; i < entries.length; i++) {
        @SuppressWarnings("unchecked")
        T entry = (T) Objects.requireNonNull(entries[i], "a history entry is null");
        Instant time = kind.time(entry);
        seconds[i] = time.getEpochSecond();
        nanos[i] = time.getNano();
        counts[i] = kind.count(entry);
        ordered &= i == 0 || !isBefore(seconds[i], nanos[i], seconds[i - 1], nanos[i - 1]);
      }
      return new Log<>(
          kind,
          seconds,
          nanos,
          counts,
          new AtomicInteger(entries.length),
          0,
          entries.length,
          ordered);
    }

    @Override
    public T get(int index) {
      int i = from + Objects.checkIndex(index, to - from);
      return kind.make(Instant.ofEpochSecond(seconds[i], nanos[i]), counts[i]);
    }

    @Override
    public int size() {
      return to - from;
    }

    Log<T> append(Instant time, int count) {
      long second = time.getEpochSecond();
      int nano = time.getNano();
      boolean stillOrdered =
          ordered && (to == from || !isBefore(second, nano, seconds[to - 1], nanos[to - 1]));
      if (to < seconds.length && claimed.compareAndSet(to, to + 1)) {
        seconds[to] = second;
        nanos[to] = nano;
        counts[to] = count;
        return new Log<>(kind, seconds, nanos, counts, claimed, from, to + 1, stillOrdered);
      }
      int size = to - from;
      int capacity = Math.max(8, 2 * (size + 1));
      long[] newSeconds = new long[capacity];
      int[] newNanos = new int[capacity];
      int[] newCounts = new int[capacity];
      System.arraycopy(seconds, from, newSeconds, 0, size);
      System.arraycopy(nanos, from, newNanos, 0, size);
      System.arraycopy(counts, from, newCounts, 0, size);
      newSeconds[size] = second;
      newNanos[size] = nano;
      newCounts[size] = count;
      return new Log<>(
          kind,
          newSeconds,
          newNanos,
          newCounts,
          new AtomicInteger(size + 1),
          0,
          size + 1,
          stillOrdered);
    }

    /**
     * The entries whose time is strictly after {@code now - windowSeconds}: this log when none is
     * dropped, a view starting later when only leading entries are (always, when the entries are in
     * time order), a copy otherwise.
     */
    Log<T> keepAfter(Instant now, long windowSeconds) {
      int start = from;
      while (start < to && !isAfter(seconds[start], nanos[start], now, windowSeconds)) {
        start++;
      }
      if (!ordered) {
        for (int i = start; i < to; i++) {
          if (!isAfter(seconds[i], nanos[i], now, windowSeconds)) {
            return filtered(now, windowSeconds);
          }
        }
      }
      return start == from
          ? this
          : new Log<>(kind, seconds, nanos, counts, claimed, start, to, ordered);
    }

    private Log<T> filtered(Instant now, long windowSeconds) {
      long[] keptSeconds = new long[to - from];
      int[] keptNanos = new int[to - from];
      int[] keptCounts = new int[to - from];
      int size = 0;
      for (int i = from; i < to; i++) {
        if (isAfter(seconds[i], nanos[i], now, windowSeconds)) {
          keptSeconds[size] = seconds[i];
          keptNanos[size] = nanos[i];
          keptCounts[size] = counts[i];
          size++;
        }
      }
      return new Log<>(
          kind, keptSeconds, keptNanos, keptCounts, new AtomicInteger(size), 0, size, false);
    }

    int sumAfter(Instant now, long windowSeconds) {
      int sum = 0;
      for (int i = to - 1; i >= from; i--) {
        if (isAfter(seconds[i], nanos[i], now, windowSeconds)) {
          sum += counts[i];
        } else if (ordered) {
          break; // the earlier entries are no later
        }
      }
      return sum;
    }

    int lowestAfter(Instant now, long windowSeconds, int initial) {
      int lowest = initial;
      for (int i = to - 1; i >= from; i--) {
        if (isAfter(seconds[i], nanos[i], now, windowSeconds)) {
          lowest = Math.min(lowest, counts[i]);
        } else if (ordered) {
          break;
        }
      }
      return lowest;
    }

    int highestAfter(Instant now, long windowSeconds, int initial) {
      int highest = initial;
      for (int i = to - 1; i >= from; i--) {
        if (isAfter(seconds[i], nanos[i], now, windowSeconds)) {
          highest = Math.max(highest, counts[i]);
        } else if (ordered) {
          break;
        }
      }
      return highest;
    }

    private static boolean isBefore(long second, int nano, long otherSecond, int otherNano) {
      return second < otherSecond || (second == otherSecond && nano < otherNano);
    }
  }
}
