package io.headroom.core.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The engine's memory of one target: its raw recommendations (for the stabilization windows) and
 * the scale events it caused (for the rate policies). Immutable; every decision returns the next
 * history, which the caller stores (for example in Flink keyed state) and passes to the next call.
 *
 * <p>Size: entries older than the longest stabilization window or policy period are pruned at each
 * decision, so at a 15 s sync period with the default behavior the history holds at most 20
 * recommendations and a handful of events.
 *
 * @param recommendations raw recommendations in the order they were made
 * @param scaleUps scale-up events, {@code replicaChange} = pods added
 * @param scaleDowns scale-down events, {@code replicaChange} = pods removed
 */
public record ScalingHistory(List<Recommendation> recommendations, List<ScaleEvent> scaleUps, List<ScaleEvent> scaleDowns) {
  private static final ScalingHistory EMPTY = new ScalingHistory(List.of(), List.of(), List.of());

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

  public ScalingHistory {
    // List.copyOf returns an immutable list as is, so internal updates copy once.
    recommendations = List.copyOf(recommendations);
    scaleUps = List.copyOf(scaleUps);
    scaleDowns = List.copyOf(scaleDowns);
  }

  public static ScalingHistory empty() {
    return EMPTY;
  }

  /** Drops what can no longer fall inside a window or period of {@code behavior} at or after {@code now}. */
  public ScalingHistory prune(Instant now, Behavior behavior) {
    Instant recommendationCutoff = now.minusSeconds(behavior.longestWindowSeconds());
    Instant eventCutoff = now.minusSeconds(behavior.longestPeriodSeconds());
    List<Recommendation> keptRecommendations = keepAfter(recommendations, recommendationCutoff, Recommendation::time);
    List<ScaleEvent> keptUps = keepAfter(scaleUps, eventCutoff, ScaleEvent::time);
    List<ScaleEvent> keptDowns = keepAfter(scaleDowns, eventCutoff, ScaleEvent::time);
    if (keptRecommendations == recommendations && keptUps == scaleUps && keptDowns == scaleDowns) {
      return this;
    }
    return new ScalingHistory(keptRecommendations, keptUps, keptDowns);
  }

  /** This history plus one raw recommendation. */
  public ScalingHistory withRecommendation(Instant time, int replicas) {
    return new ScalingHistory(appended(recommendations, new Recommendation(time, replicas)), scaleUps, scaleDowns);
  }

  /** This history plus a change from {@code from} to {@code to} replicas (no-op when equal). */
  public ScalingHistory withScale(Instant time, int from, int to) {
    if (to > from) {
      return new ScalingHistory(recommendations, appended(scaleUps, new ScaleEvent(time, to - from)), scaleDowns);
    }
    if (to < from) {
      return new ScalingHistory(recommendations, scaleUps, appended(scaleDowns, new ScaleEvent(time, from - to)));
    }
    return this;
  }

  /** Sum of changes of {@code events} strictly after {@code now - periodSeconds} (upstream: After(cutoff)). */
  static int changeWithin(List<ScaleEvent> events, Instant now, int periodSeconds) {
    Instant cutoff = now.minusSeconds(periodSeconds);
    int sum = 0;
    for (ScaleEvent event : events) {
      if (event.time().isAfter(cutoff)) {
        sum += event.replicaChange();
      }
    }
    return sum;
  }

  private static <T> List<T> appended(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return List.copyOf(copy);
  }

  /** The elements whose time is strictly after {@code cutoff}; the same list when nothing is dropped. */
  private static <T> List<T> keepAfter(List<T> list, Instant cutoff, Function<T, Instant> time) {
    int dropped = 0;
    for (int i = 0; i < list.size(); i++) {
      if (!time.apply(list.get(i)).isAfter(cutoff)) {
        dropped++;
      }
    }
    if (dropped == 0) {
      return list;
    }
    List<T> kept = new ArrayList<>(list.size() - dropped);
    for (int i = 0; i < list.size(); i++) {
      T element = list.get(i);
      if (time.apply(element).isAfter(cutoff)) {
        kept.add(element);
      }
    }
    return List.copyOf(kept);
  }
}
