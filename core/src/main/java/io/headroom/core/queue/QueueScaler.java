package io.headroom.core.queue;

import io.headroom.core.queue.QueueDecision.Action;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.ScalingHistory;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Scaling on consumer lag as KEDA's Kafka scaler and the HPA it manages do together. KEDA measures
 * the lag ({@link ConsumerLag}: per partition, capped so the HPA stays at the partition count) and
 * owns the 0 ↔ 1 step ({@code pkg/scaling/executor/scale_scaledobjects.go}); the HPA ({@link
 * ScalingEngine}, unchanged) does everything above zero with its tolerance, stabilization windows
 * and rate policies, against an External AverageValue target of {@code lagThreshold} per replica.
 *
 * <p>KEDA's executor, per check: active and at 0 replicas → {@code max(minReplicaCount, 1)}; active
 * otherwise → remember the time; inactive, above 0 and {@code minReplicaCount} 0 → 0 once the last
 * active time is more than {@code cooldownPeriod} ago (at once if it never was, upstream's default
 * {@code initialCooldownPeriod} of 0); inactive and below {@code minReplicaCount} → {@code
 * minReplicaCount}. In every other case the HPA decides; at 0 replicas it leaves the target alone.
 *
 * <p>Pure: never reads the clock, the state is a value the caller keeps.
 */
public final class QueueScaler {
  private final ScalingEngine engine;
  private final ScaledObject scaledObject;
  private final HpaSpec hpaSpec;
  private final KafkaLagSettings lagSettings;

  /** What carries over between decisions: the HPA's history and KEDA's last active time. */
  public record State(ScalingHistory history, Instant lastActive) {
    public static final State INITIAL = new State(ScalingHistory.empty(), null);

    public State {
      history = history == null ? ScalingHistory.empty() : history;
    }

    /** A target that was last active at {@code time} (a run starting from a live target). */
    public static State activeAt(Instant time) {
      return new State(ScalingHistory.empty(), time);
    }
  }

  public QueueScaler(ScalingEngine engine, ScaledObject scaledObject, long lagThreshold) {
    this(engine, scaledObject, lagThreshold, null);
  }

  /**
   * A scaler that can also decide on an expected lag (the predictive mode needs the cap's rules).
   */
  public QueueScaler(ScalingEngine engine, ScaledObject scaledObject, KafkaLagSettings lag) {
    this(engine, scaledObject, lag.lagThreshold(), lag);
  }

  private QueueScaler(
      ScalingEngine engine, ScaledObject scaledObject, long lagThreshold, KafkaLagSettings lag) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.scaledObject = Objects.requireNonNull(scaledObject, "scaledObject");
    this.hpaSpec = scaledObject.hpaSpec(lagThreshold);
    this.lagSettings = lag;
  }

  /** The HPA spec KEDA generated. */
  public HpaSpec hpaSpec() {
    return hpaSpec;
  }

  /**
   * @param current the replica count the workload asks for now
   * @param ready of which ready
   */
  public QueueDecision decide(State state, ConsumerLag lag, int current, int ready, Instant now) {
    Objects.requireNonNull(lag, "lag");
    if (lag.lagThreshold() != (long) hpaSpec.metrics().get(0).target().value()) {
      throw new IllegalArgumentException(
          "lag measured against threshold "
              + lag.lagThreshold()
              + ", the spec's target is "
              + (long) hpaSpec.metrics().get(0).target().value());
    }
    int min = scaledObject.minReplicaCount();
    if (lag.active() && current == 0) {
      int to = Math.max(min, 1);
      // upstream's scaleFromZeroOrIdle updates lastActiveTime after a successful scale
      return keda(state, lag, current, to, Action.SCALE_FROM_ZERO, now, now);
    }
    if (!lag.active()) {
      if (current > 0 && min == 0 && cooledDown(state.lastActive(), now)) {
        return keda(state, lag, current, 0, Action.SCALE_TO_ZERO, state.lastActive(), now);
      }
      if (current < min) {
        return keda(
            state, lag, current, min, Action.BELOW_MIN_REPLICA_COUNT, state.lastActive(), now);
      }
    }
    Instant lastActive = lag.active() ? now : state.lastActive();
    Observation observation =
        new Observation.Aggregate(
            current,
            Math.min(ready, current),
            Map.of(),
            Map.of(ScaledObject.METRIC_NAME, (double) lag.metricValue()));
    ScalingDecision hpa = engine.decide(hpaSpec, observation, state.history(), now);
    return new QueueDecision(
        now, current, hpa.to(), lag, Action.HPA, hpa, new State(hpa.history(), lastActive));
  }

  /**
   * The predictive mode: KEDA's rule on the lag {@code expected} over the lead instead of the
   * measured one (never below it), the forecast named in the reason. Null {@code expected} (no
   * trusted forecast) is the reactive decision.
   */
  public QueueDecision decide(
      State state,
      ConsumerLag measured,
      ExpectedLag expected,
      int current,
      int ready,
      Instant now) {
    if (expected == null) {
      return decide(state, measured, current, ready, now);
    }
    if (lagSettings == null) {
      throw new IllegalStateException(
          "a predictive decision needs the scaler built with the lag's settings");
    }
    ConsumerLag lag = measured.expecting(expected.lag(), lagSettings);
    QueueDecision decision = decide(state, lag, current, ready, now);
    return new QueueDecision(
        decision.time(),
        decision.from(),
        decision.to(),
        decision.lag(),
        decision.action(),
        decision.hpa(),
        decision.state(),
        expected);
  }

  /** Upstream: {@code lastActiveTime + cooldownPeriod} strictly before now. */
  private boolean cooledDown(Instant lastActive, Instant now) {
    return lastActive == null || lastActive.plus(scaledObject.cooldownPeriod()).isBefore(now);
  }

  /**
   * KEDA scales the workload itself; the HPA's history does not see it, as upstream's HPA records
   * only its own scale events.
   */
  private static QueueDecision keda(
      State state,
      ConsumerLag lag,
      int from,
      int to,
      Action action,
      Instant lastActive,
      Instant now) {
    return new QueueDecision(
        now, from, to, lag, action, null, new State(state.history(), lastActive));
  }
}
