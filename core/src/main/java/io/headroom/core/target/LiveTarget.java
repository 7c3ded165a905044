package io.headroom.core.target;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.queue.ConsumerLag;
import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.LiveArrivals;
import io.headroom.core.queue.PersistentLag;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.queue.QueueMemory;
import io.headroom.core.queue.QueuePrediction;
import io.headroom.core.queue.QueueScaler;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.TargetDecider;
import io.headroom.core.window.Statistic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scaling target as the live job sees it: closed windows and forecasts come in, a decision goes
 * out every sync period. The Flink scaling job and the job-view backtest both drive this class and
 * nothing else decides, so a backtest on the same windows and forecasts makes the same decisions,
 * one for one.
 *
 * <ul>
 *   <li>A window becomes its metric's latest value once event time passes its end; the decision at
 *       {@code T} reads the windows that ended by {@code T}. Only windows of the configured length
 *       are read (the hourly roll-up is not).
 *   <li>A metric whose newest window ended more than {@code metricMaxAge} before {@code T} is left
 *       out of the observation, so the engine's missing-metric rules apply.
 *   <li>The replica count is the replicas gauge's max ({@link TargetConfig.ReplicasMode#OBSERVED}),
 *       or the last command with the gauge as the ready count ({@link
 *       TargetConfig.ReplicasMode#COMMANDED}); before either is known there is no decision.
 *   <li>A decision uses the newest forecast fitted at or before it; each window of the forecast
 *       metric scores the forecast that was in force at the window's start (forecast trust).
 * </ul>
 */
public final class LiveTarget {
  private final TargetConfig config;
  private final TargetDecider decider;
  private final QueueScaler queueScaler;
  private final QueuePrediction queuePrediction;
  private final LiveArrivals arrivals;
  private final long windowMillis;
  private final long maxAgeMillis;

  /**
   * @param window the window length read (the percentile app's short window)
   * @param metricMaxAge how old a metric's newest window may be and still count
   */
  public LiveTarget(
      ScalingEngine engine, TargetConfig config, Duration window, Duration metricMaxAge) {
    this.config = Objects.requireNonNull(config, "config");
    this.decider =
        new TargetDecider(
            engine,
            config.spec(),
            config.policy() == TargetConfig.Policy.PREDICTIVE ? config.predictive() : null,
            config.trustWindow());
    this.queueScaler =
        config.isQueue()
            ? new QueueScaler(engine, config.queue().scaledObject(), config.queue().lag())
            : null;
    QueueSource.Arrivals model = config.isQueue() ? config.queue().arrivals() : null;
    if (model != null && config.predictive() != null) {
      // replicaCapacity of a queue target: the items one consumer serves per forecast step
      this.queuePrediction =
          new QueuePrediction(
              config.predictive(), model.step(), config.predictive().replicaCapacity());
      this.arrivals = new LiveArrivals(model.model(), model.step(), queuePrediction.horizonSteps());
    } else {
      this.queuePrediction = null;
      this.arrivals = null;
    }
    this.windowMillis = window.toMillis();
    this.maxAgeMillis = metricMaxAge.toMillis();
  }

  public TargetConfig config() {
    return config;
  }

  /** True for a window of the length this target reads. */
  public boolean reads(WindowSample sample) {
    return sample.end() - sample.start() == windowMillis;
  }

  /**
   * A closed window: it becomes its metric's latest value; for the forecast metric it first scores
   * the forecast in force at the window's start.
   */
  public TargetView onWindow(TargetView view, WindowSample sample) {
    if (decider.isPredictive() && sample.metric().equals(config.forecastMetric())) {
      ForecastView forecast = view.forecastAt(sample.start());
      ForecastPoint point = forecast == null ? null : forecast.pointAt(sample.start());
      if (point != null && forecast.stepSeconds() * 1000L == windowMillis) {
        TargetDecider.State scored =
            decider.scoreActual(
                decisionState(view),
                sample.value(config.forecastStatistic()),
                point,
                Duration.ofSeconds(forecast.stepSeconds()));
        view = view.withTrust(scored.overForecastShare());
      }
    }
    return view.withLatest(sample);
  }

  /**
   * A forecast of {@code metric}: kept when it is the forecast metric at the window's step (the
   * long-horizon forecast and other metrics' are not read by the policy).
   */
  public TargetView onForecast(TargetView view, String metric, ForecastView forecast) {
    if (!metric.equals(config.forecastMetric()) || forecast.stepSeconds() * 1000L != windowMillis) {
      return view;
    }
    return view.withForecast(forecast);
  }

  /** The outcome of one sync: the decision, or null when the replica count was never seen. */
  public record Decided(ScalingDecision decision, TargetView view) {
    /** The load behind a proposal the forecast raised or lowered, else null. */
    public Double forecastValue() {
      return decision != null
              && (decision.forecast() == ScalingDecision.ForecastUse.RAISED
                  || decision.forecast() == ScalingDecision.ForecastUse.BELOW_REACTIVE)
          ? decision.forecastLoad()
          : null;
    }
  }

  /** The decision at {@code now} (epoch ms); a queue target decides by {@link #decideQueue}. */
  public Decided decide(TargetView view, long now) {
    if (config.isQueue()) {
      throw new IllegalStateException(
          "target " + config.name() + " is a queue target: it is decided from lag readings");
    }
    Replicas counted = replicas(view);
    if (counted == null) {
      return new Decided(null, view);
    }
    int replicas = counted.replicas();
    int ready = counted.ready();
    TargetDecider.Outcome outcome =
        decider.decide(
            decisionState(view),
            observation(view, replicas, ready, now),
            forecastInput(view, now),
            Instant.ofEpochMilli(now));
    ScalingDecision decision = outcome.decision();
    return new Decided(
        decision,
        prune(view.withDecision(decision.history(), decision.to(), outcome.state().tail()), now));
  }

  /** The workload's replica count and how many of them are ready. */
  private record Replicas(int replicas, int ready) {}

  /**
   * The replicas the target has: the last command's under {@link
   * TargetConfig.ReplicasMode#COMMANDED} (ready: at most the gauge's), else the replicas gauge's
   * newest window, else the last command; null when none is known yet.
   */
  private Replicas replicas(TargetView view) {
    WindowSample gauge = view.latest().get(config.replicasMetric());
    Integer observed = gauge == null ? null : (int) Math.round(gauge.value(Statistic.MAX));
    if (config.replicas() == TargetConfig.ReplicasMode.COMMANDED && view.lastTo() >= 0) {
      int commanded = view.lastTo();
      return new Replicas(commanded, observed == null ? commanded : Math.min(commanded, observed));
    }
    if (observed != null) {
      return new Replicas(observed, observed);
    }
    return view.lastTo() >= 0 ? new Replicas(view.lastTo(), view.lastTo()) : null;
  }

  /**
   * The outcome of one lag reading of a queue target: KEDA's decision, or the reason it was skipped
   * (the group's offsets could not be read; nothing changes).
   *
   * @param decision the decision, null when skipped
   * @param skipped why no decision was made, null when decided
   * @param replicas the replica count the decision started from (-1 when never known)
   * @param time the reading's time, epoch ms
   */
  public record QueueDecided(
      QueueDecision decision, String skipped, int replicas, long time, TargetView view) {
    public boolean isSkipped() {
      return skipped != null;
    }
  }

  /**
   * A queue target's decision from one lag reading, as KEDA's Kafka scaler and the HPA it manages
   * decide ({@link QueueScaler}). The replica count is the replicas gauge's (its newest window,
   * {@link TargetConfig.ReplicasMode#OBSERVED}), else the last command, else {@code
   * minReplicaCount} (what KEDA leaves a fresh ScaledObject at). A failed reading is a skip: the
   * reason names the group, topic or broker, and nothing else changes.
   *
   * <p>With {@code excludePersistentLag} the committed offsets are remembered in the view ({@link
   * PersistentLag}). In the predictive mode the reading's log-end offsets feed the arrivals model
   * ({@link LiveArrivals}) and, once it is trusted, the decision is on the lag expected over the
   * lead ({@link QueuePrediction}, the queue backtest's rule), named in the reason.
   */
  public QueueDecided decideQueue(TargetView view, LagReading reading) {
    if (queueScaler == null) {
      throw new IllegalStateException("target " + config.name() + " is not a queue target");
    }
    QueueSource queue = config.queue();
    Replicas counted = replicas(view);
    int replicas = counted != null ? counted.replicas() : queue.scaledObject().minReplicaCount();
    int ready = counted != null ? counted.ready() : replicas;
    if (reading.failed()) {
      return new QueueDecided(
          null,
          "skipped: "
              + reading.problem()
              + "; "
              + queue.describe()
              + " is not decided until its lag can be read",
          replicas,
          reading.time(),
          view);
    }
    PersistentLag.Measured measured;
    try {
      measured =
          PersistentLag.measure(reading.offsets(), queue.lag(), view.queue().previousOffsets());
    } catch (IllegalArgumentException e) {
      return new QueueDecided(null, "skipped: " + e.getMessage(), replicas, reading.time(), view);
    }
    ConsumerLag lag = measured.lag();
    QueueMemory memory = view.queue().withPreviousOffsets(measured.previousOffsets());
    Instant now = Instant.ofEpochMilli(reading.time());
    if (arrivals != null) {
      memory = arrivals.observe(memory, reading);
    }
    QueueScaler.State state =
        new QueueScaler.State(
            view.history(),
            view.lastActive() == TargetView.NEVER ? null : Instant.ofEpochMilli(view.lastActive()));
    // the live forecast starts at the step in progress, so nothing is added for its rest
    QueueDecision decision =
        arrivals == null
            ? queueScaler.decide(state, lag, replicas, ready, now)
            : queuePrediction.decide(
                queueScaler, state, lag, memory.forecast(), 0, replicas, ready, now);
    Instant active = decision.state().lastActive();
    return new QueueDecided(
        decision,
        null,
        replicas,
        reading.time(),
        view.withQueueDecision(
            decision.state().history(),
            decision.to(),
            active == null ? TargetView.NEVER : active.toEpochMilli(),
            memory));
  }

  private Observation observation(TargetView view, int replicas, int ready, long now) {
    Map<String, Double> podAverages = new HashMap<>();
    Map<String, Double> objectMetrics = new HashMap<>();
    for (MetricSpec metric : config.spec().metrics()) {
      MetricSource source = config.metrics().get(metric.key());
      WindowSample sample = view.latest().get(source.metric());
      if (sample == null || sample.end() < now - maxAgeMillis) {
        continue; // missing: the engine's rules decide what that means
      }
      double value = sample.value(source.statistic());
      if (source.perReplica()) {
        if (ready == 0) {
          continue;
        }
        value /= ready;
      }
      (metric.perPod() ? podAverages : objectMetrics).put(metric.key(), value);
    }
    return new Observation.Aggregate(replicas, ready, podAverages, objectMetrics);
  }

  /** The forecast in force at {@code now}: its steps overlapping (now, ...), or null. */
  private static TargetDecider.ForecastInput forecastInput(TargetView view, long now) {
    ForecastView forecast = view.forecastAt(now);
    if (forecast == null) {
      return null;
    }
    long stepMillis = forecast.stepSeconds() * 1000L;
    List<ForecastPoint> ahead = new ArrayList<>();
    for (ForecastPoint p : forecast.points()) {
      if (p.timestamp().toEpochMilli() + stepMillis > now) {
        ahead.add(p);
      }
    }
    return new TargetDecider.ForecastInput(
        forecast.model(), forecast.trusted(), Duration.ofSeconds(forecast.stepSeconds()), ahead);
  }

  private static TargetDecider.State decisionState(TargetView view) {
    return new TargetDecider.State(view.history(), view.overForecastShare(), view.tail());
  }

  /**
   * Drops forecasts superseded before the oldest window that can still arrive on time (two windows
   * back).
   */
  private TargetView prune(TargetView view, long now) {
    List<ForecastView> forecasts = view.forecasts();
    int first = 0;
    while (first + 1 < forecasts.size()
        && forecasts.get(first + 1).fittedAt() <= now - 2 * windowMillis) {
      first++;
    }
    return first == 0 ? view : view.withForecasts(forecasts.subList(first, forecasts.size()));
  }
}
