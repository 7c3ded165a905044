package io.headroom.core.backtest;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.queue.ConsumerLag;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.queue.QueuePrediction;
import io.headroom.core.queue.QueueScaler;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Replays a trace of arrivals against a queue worked by consumers that KEDA's Kafka scaler and the
 * HPA scale on the backlog ({@link QueueScaler}).
 *
 * <p>Each sync period: consumers due become ready ({@link ServiceModel}, as the request backtest);
 * the scaler sees the backlog as lag (spread over the partitions, one item per partition first: a
 * backlog of {@code b} has lag on {@code min(b, partitions)} of them) and decides; then the step's
 * arrivals join the queue and the ready consumers, at most one per partition, serve {@code
 * serviceRate} items per trace step each. A gap in the trace brings no arrivals. The run starts
 * with the consumers that keep up with the first step's arrivals, all ready, as if the target had
 * just been active.
 */
public final class QueueBacktester {
  /** Sees every step (tests: items are conserved). */
  public interface Listener {
    void onStep(Instant time, long arrived, long served, long backlog, QueueDecision decision);
  }

  /** The predictive mode: a model of the arrivals and the policy's lead and quantile. */
  public record Prediction(String model, PredictiveSettings settings) {}

  private final QueueBacktestSettings settings;
  private final QueueScaler scaler;
  private Listener listener = (time, arrived, served, backlog, decision) -> {};
  private Prediction prediction;

  public QueueBacktester(QueueBacktestSettings settings, ScalingEngine engine) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scaler = new QueueScaler(engine, settings.scaledObject(), settings.lag());
  }

  public QueueBacktester(QueueBacktestSettings settings) {
    this(settings, ScalingEngine.withDefaults());
  }

  public QueueBacktester withListener(Listener newListener) {
    this.listener = Objects.requireNonNull(newListener, "listener");
    return this;
  }

  /**
   * Scales for the backlog expected over the lead ({@link QueuePrediction}, the live job's rule)
   * while the model is trusted; KEDA's reactive rule otherwise.
   */
  public QueueBacktester withPrediction(Prediction newPrediction) {
    this.prediction = Objects.requireNonNull(newPrediction, "prediction");
    return this;
  }

  /** Replays {@code trace}, writing the timeline to {@code timeline} when not null. */
  public QueueBacktestResult run(Trace trace, Appendable timeline) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("trace is empty: nothing to replay");
    }
    List<TracePoint> points = trace.points();
    long stepSeconds = trace.step().toSeconds();
    long sync = settings.sync().toSeconds();
    double perStep = (double) sync / stepSeconds;
    long start = points.get(0).timestamp().getEpochSecond();
    long end = points.get(points.size() - 1).timestamp().getEpochSecond() + stepSeconds;
    long warmupEnd = start + settings.warmup().toSeconds();
    long slo = settings.waitSlo().toSeconds();

    QueueModel queue = new QueueModel(settings.initialBacklog(), start, slo);
    ServiceModel consumers =
        new ServiceModel(initialReplicas(points.get(0).value()), settings.startup().toSeconds());
    ElasticityMetrics metrics = new ElasticityMetrics(settings.serviceRate(), stepSeconds);
    QueueTimelineWriter writer = timeline == null ? null : new QueueTimelineWriter(timeline);
    QueueScaler.State state = QueueScaler.State.activeAt(Instant.ofEpochSecond(start));
    long peakBacklog = 0;
    long maxWait = 0;
    long evaluatedSteps = 0;
    long overSloSteps = 0;
    long fromZero = 0;
    long toZero = 0;
    int known = -1;
    ArrivalsForecast arrivals =
        prediction == null
            ? null
            : new ArrivalsForecast(prediction, trace.step(), points, settings.serviceRate());
    long raised = 0;
    try {
      if (writer != null) {
        writer.header();
      }
      for (long now = start; now < end; now += sync) {
        while (known + 1 < points.size()
            && points.get(known + 1).timestamp().getEpochSecond() <= now) {
          known++;
        }
        TracePoint latest = points.get(known);
        double demand =
            latest.timestamp().getEpochSecond() + stepSeconds > now ? latest.value() : Double.NaN;
        Instant time = Instant.ofEpochSecond(now);
        boolean evaluated = now >= warmupEnd;

        consumers.advanceTo(now);
        long backlog = queue.backlog();
        long oldestWait = queue.oldestWait(now);
        QueueDecision decision =
            arrivals == null
                ? scaler.decide(state, lagOf(backlog), consumers.desired(), consumers.ready(), time)
                : arrivals.rule.decide(
                    scaler,
                    state,
                    lagOf(backlog),
                    arrivals.forecast(known),
                    Double.isNaN(demand) ? 0 : inProgress(demand, now, latest, stepSeconds),
                    consumers.desired(),
                    consumers.ready(),
                    time);
        if (evaluated && decision.forecast() != null && decision.forecast().raises()) {
          QueueDecision reactive =
              scaler.decide(state, lagOf(backlog), consumers.desired(), consumers.ready(), time);
          raised += decision.to() > reactive.to() ? 1 : 0;
        }
        state = decision.state();
        consumers.scaleTo(decision.to(), now);
        int ready = consumers.ready();

        queue.arrive(Double.isNaN(demand) ? 0 : demand * perStep, now);
        long served = queue.serve(serving(ready) * settings.serviceRate() * perStep, now);

        if (evaluated) {
          evaluatedSteps++;
          overSloSteps += oldestWait > slo ? 1 : 0;
          peakBacklog = Math.max(peakBacklog, backlog);
          maxWait = Math.max(maxWait, oldestWait);
          fromZero += decision.action() == QueueDecision.Action.SCALE_FROM_ZERO ? 1 : 0;
          toZero += decision.action() == QueueDecision.Action.SCALE_TO_ZERO ? 1 : 0;
        }
        metrics.add(demand, decision.to(), ready, sync, evaluated);
        if (writer != null) {
          writer.row(time, demand, ready, backlog, served, oldestWait, decision);
        }
        listener.onStep(time, queue.arrived(), queue.served(), queue.backlog(), decision);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline: " + e.getMessage(), e);
    }
    return new QueueBacktestResult(
        metrics.result(
            arrivals == null ? "keda-lag" : "keda-lag predictive",
            raised,
            arrivals == null ? 0 : arrivals.untrusted()),
        queue.arrived(),
        queue.served(),
        queue.backlog(),
        peakBacklog,
        Math.max(maxWait, queue.oldestWait(end)),
        evaluatedSteps == 0 ? 0 : 100.0 * overSloSteps / evaluatedSteps,
        queue.servedLate() + queue.waitingOverSlo(end),
        queue.meanWaitSeconds(),
        fromZero,
        toZero);
  }

  /**
   * What is still to arrive in the step in progress, at its own rate (the service model lets a
   * decision see its step's load, as the request backtest does).
   */
  private static double inProgress(double demand, long now, TracePoint latest, long stepSeconds) {
    long left = latest.timestamp().getEpochSecond() + stepSeconds - now;
    return demand * Math.max(0, left) / stepSeconds;
  }

  /**
   * The arrivals model, fed each trace step once its time has come and asked once per step: its
   * forecast, empty while it is untrusted (the decision is then KEDA's own), for the rule the live
   * job's queue targets share ({@link QueuePrediction#decide}).
   */
  private static final class ArrivalsForecast {
    private final LoadForecaster forecaster;
    final QueuePrediction rule;
    private final List<TracePoint> points;
    private final int horizonSteps;
    private int fed = -1;
    private List<ForecastPoint> forecast = List.of();
    private long untrusted;

    ArrivalsForecast(
        Prediction prediction, Duration step, List<TracePoint> points, double serviceRate) {
      this.forecaster = Forecasters.create(prediction.model(), step);
      this.rule = new QueuePrediction(prediction.settings(), step, serviceRate);
      this.points = points;
      this.horizonSteps = rule.horizonSteps();
    }

    List<ForecastPoint> forecast(int known) {
      if (fed < known) {
        while (fed < known) {
          fed++;
          forecaster.update(points.get(fed).timestamp(), points.get(fed).value());
        }
        forecast = forecaster.isTrusted() ? forecaster.forecast(horizonSteps) : List.of();
      }
      if (forecast.isEmpty()) {
        untrusted++;
      }
      return forecast;
    }

    long untrusted() {
      return untrusted;
    }
  }

  /** The lag KEDA would read: the backlog spread over the partitions, one item each first. */
  ConsumerLag lagOf(long backlog) {
    int partitions = settings.partitions();
    if (partitions == 0) {
      return ConsumerLag.unpartitioned(backlog, settings.lag());
    }
    int withLag = (int) Math.min(partitions, backlog);
    return ConsumerLag.of(backlog, partitions, withLag, settings.lag());
  }

  /** A Kafka group gives each partition to one consumer: the others stand idle. */
  private int serving(int ready) {
    return QueuePrediction.serving(ready, settings.partitions());
  }

  /** Consumers that keep up with the first step's arrivals, within the bounds, at least one. */
  int initialReplicas(double firstArrivals) {
    double value = Double.isNaN(firstArrivals) ? 0 : firstArrivals;
    long needed = (long) Math.ceil(value / settings.serviceRate() - 1e-9);
    long bounded = Math.min(settings.scaledObject().maxReplicaCount(), Math.max(1, needed));
    bounded = Math.max(bounded, settings.scaledObject().minReplicaCount());
    return (int) bounded;
  }
}
