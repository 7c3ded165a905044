package io.headroom.core.backtest;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.MetricTarget;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.PredictiveScaling;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingDecision.ForecastUse;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.TargetDecider;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays a load trace against the simulated service of evaluation.md with the reactive HPA engine
 * or the predictive policy, writes the timeline and returns the autoscaling metrics.
 *
 * <p>Each sync period: pods due become ready; the engine observes CPU utilization {@code min(1, r /
 * (ready × capacity)) × 100} and requests per ready pod {@code r / ready} (metric keys {@value
 * #CPU} and {@value #REQUESTS_PER_POD}); its decision starts or removes pods; one timeline row is
 * written. In a gap of the trace the pods report nothing (missing metrics).
 *
 * <p>No look-ahead, by construction: trace points reach the engine and the forecaster only once
 * their timestamp is at or before the decision time. The forecaster is updated once per trace step
 * and asked for one forecast per step, reused by the step's decisions. The NASA trace (62 days per
 * minute, 357,120 decisions) replays in about 0.6 s reactive and 2-2.6 s predictive in a fresh JVM
 * (docs/scaling.md).
 */
public final class Backtester {
  /** Pod metric key of the simulated CPU utilization, in percent. */
  public static final String CPU = "cpu";

  /** Pod metric key of the offered load per ready pod, in the trace's unit. */
  public static final String REQUESTS_PER_POD = "requests_per_minute";

  /** Sees every decision as it is made (progress, tests). */
  public interface Listener {
    void onDecision(Instant time, double demand, ScalingDecision decision, int readyReplicas);
  }

  private final HpaSpec spec;
  private final BacktestSettings settings;
  private final ScalingEngine engine;
  private final double loadPerReplica;
  private Listener listener = (time, demand, decision, ready) -> {};

  /**
   * @throws IllegalArgumentException when the spec uses a metric the simulated pods do not expose
   */
  public Backtester(HpaSpec spec, BacktestSettings settings, ScalingEngine engine) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.loadPerReplica = loadPerReplica(spec, settings.capacity());
  }

  public Backtester(HpaSpec spec, BacktestSettings settings) {
    this(spec, settings, ScalingEngine.withDefaults());
  }

  public Backtester withListener(Listener newListener) {
    this.listener = Objects.requireNonNull(newListener, "listener");
    return this;
  }

  /**
   * The load one replica carries at the spec's targets (the most demanding metric): capacity ×
   * utilization target for CPU, the average value for requests per pod.
   */
  static double loadPerReplica(HpaSpec spec, double capacity) {
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < spec.metrics().size(); i++) {
      MetricSpec metric = spec.metrics().get(i);
      MetricTarget target = metric.target();
      double load;
      if (metric instanceof MetricSpec.Resource resource
          && resource.name().equals(CPU)
          && target.type() == MetricTarget.Type.Utilization) {
        load = capacity * target.value() / 100;
      } else if (metric instanceof MetricSpec.Pods pods && pods.name().equals(REQUESTS_PER_POD)) {
        load = target.value();
      } else {
        throw new IllegalArgumentException(
            "metrics["
                + i
                + "]: "
                + metric.typeName()
                + " "
                + metric.key()
                + " "
                + target.type()
                + " is not simulated by the backtest; use Resource cpu Utilization or Pods "
                + REQUESTS_PER_POD
                + " AverageValue");
      }
      lowest = Math.min(lowest, load);
    }
    return lowest;
  }

  /** Replays {@code trace} with the reactive HPA. */
  public BacktestResult runReactive(Trace trace, Appendable timeline) {
    return run(trace, null, null, timeline);
  }

  /**
   * Replays {@code trace} with the predictive policy fed by {@code forecaster} (fresh, never
   * updated).
   */
  public BacktestResult runPredictive(Trace trace, LoadForecaster forecaster, Appendable timeline) {
    return run(trace, Objects.requireNonNull(forecaster, "forecaster"), null, timeline);
  }

  /**
   * Replays {@code trace} with a baseline in the forecast's place: {@link
   * LeadBaseline#SEASONAL_NAIVE} (the largest value a day, else a week, earlier over the lead, ×
   * 1.1, at the target) or {@link LeadBaseline#ORACLE} (the true future maximum over the lead at
   * full capacity).
   */
  public BacktestResult runBaseline(Trace trace, LeadBaseline baseline, Appendable timeline) {
    return run(trace, null, Objects.requireNonNull(baseline, "baseline"), timeline);
  }

  private BacktestResult run(
      Trace trace, LoadForecaster forecaster, LeadBaseline baseline, Appendable timeline) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("trace is empty: nothing to replay");
    }
    List<TracePoint> points = trace.points();
    long stepSeconds = trace.step().toSeconds();
    long syncSeconds = settings.sync().toSeconds();
    long start = points.get(0).timestamp().getEpochSecond();
    long end = points.get(points.size() - 1).timestamp().getEpochSecond() + stepSeconds;
    long warmupEnd = start + settings.warmup().toSeconds();

    TargetDecider decider =
        new TargetDecider(
            engine, spec, forecaster == null ? null : predictiveSettings(), settings.trustWindow());
    ForecastFeed feed =
        forecaster == null
            ? null
            : new ForecastFeed(
                forecaster,
                trace.step(),
                (int)
                    Math.max(
                        1,
                        Math.ceil(
                            (double) (stepSeconds + settings.effectiveLead().toSeconds())
                                / stepSeconds)));
    TargetDecider.State state = TargetDecider.State.INITIAL;
    Observations observations = new Observations(settings.capacity());

    LeadValues leadValues =
        baseline == null
            ? null
            : new LeadValues(trace, stepSeconds, settings.effectiveLead().toSeconds());
    PredictiveScaling baselineScaling =
        baseline == null ? null : new PredictiveScaling(engine, predictiveSettings());
    ServiceModel service =
        new ServiceModel(initialReplicas(points.get(0).value()), settings.startup().toSeconds());
    ElasticityMetrics metrics = new ElasticityMetrics(settings.capacity(), stepSeconds);
    TimelineWriter writer = timeline == null ? null : new TimelineWriter(timeline);
    long raised = 0;
    long untrusted = 0;
    double quantiles = 0;
    long used = 0;
    int known = -1; // index of the latest point whose timestamp is <= the decision time

    try {
      if (writer != null) {
        writer.header();
      }
      for (long now = start; now < end; now += syncSeconds) {
        boolean newStep = false;
        while (known + 1 < points.size()
            && points.get(known + 1).timestamp().getEpochSecond() <= now) {
          known++;
          newStep = true;
          if (feed != null) {
            state = feed.observe(points.get(known), decider, state);
          }
        }
        TracePoint latest = points.get(known);
        double demand =
            latest.timestamp().getEpochSecond() + stepSeconds > now ? latest.value() : Double.NaN;
        Instant time = Instant.ofEpochSecond(now);

        service.advanceTo(now);
        Observation observation = observations.at(service.desired(), service.ready(), demand);
        ScalingDecision decision;
        if (leadValues != null) {
          decision =
              baselineScaling.decideWithNeed(
                  spec,
                  observation,
                  state.history(),
                  time,
                  leadValues.need(baseline, now, loadPerReplica, settings.capacity()));
          state = state.withHistory(decision.history());
        } else {
          if (feed != null && newStep) {
            // Once per trace step, after the step's own value: never a value after `now`.
            feed.refresh();
          }
          TargetDecider.Outcome outcome =
              decider.decide(state, observation, feed == null ? null : feed.forecast(), time);
          decision = outcome.decision();
          state = outcome.state();
          if (feed != null && now >= warmupEnd) {
            raised += decision.forecast() == ForecastUse.RAISED ? 1 : 0;
            boolean without = decision.forecast().withoutTrustedForecast();
            untrusted += without ? 1 : 0;
            used += without ? 0 : 1;
            quantiles += without ? 0 : state.tail().quantile(settings.quantile());
          }
        }
        service.scaleTo(decision.to(), now);
        int readyAfter = service.ready();
        metrics.add(demand, decision.to(), readyAfter, syncSeconds, now >= warmupEnd);
        if (writer != null) {
          writer.row(time, demand, decision.to(), readyAfter, decision);
        }
        listener.onDecision(time, demand, decision, readyAfter);
      }
      if (writer != null) {
        writer.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline: " + e.getMessage(), e);
    }
    String policy = baseline != null ? baseline.label() : forecaster == null ? "hpa" : "predictive";
    return used == 0
        ? metrics.result(policy, raised, untrusted)
        : metrics.result(policy, raised, untrusted, quantiles / used);
  }

  /** The replicas that hold the first value at the target, within the spec's bounds. */
  int initialReplicas(double firstValue) {
    int replicas = (int) Math.min(Integer.MAX_VALUE, Math.ceil(firstValue / loadPerReplica - 1e-9));
    return Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), Math.max(replicas, 1)));
  }

  /**
   * The forecaster as the replay drives it: fed each trace point once it is due (after the forecast
   * made for that step is scored), asked for one forecast per trace step.
   */
  private static final class ForecastFeed {
    private final LoadForecaster forecaster;
    private final Duration step;
    private final int horizonSteps;
    private ForecastPoint nextStep;
    private TargetDecider.ForecastInput forecast;

    ForecastFeed(LoadForecaster forecaster, Duration step, int horizonSteps) {
      this.forecaster = forecaster;
      this.step = step;
      this.horizonSteps = horizonSteps;
    }

    /** A point whose time has come: first score the forecast made for it, then learn from it. */
    TargetDecider.State observe(
        TracePoint point, TargetDecider decider, TargetDecider.State state) {
      TargetDecider.State next =
          nextStep != null && nextStep.timestamp().equals(point.timestamp())
              ? decider.scoreActual(state, point.value(), nextStep, step)
              : state;
      forecaster.update(point.timestamp(), point.value());
      return next;
    }

    void refresh() {
      List<ForecastPoint> points = forecaster.forecast(horizonSteps);
      nextStep = points.isEmpty() ? null : points.get(0);
      forecast =
          new TargetDecider.ForecastInput(forecaster.name(), forecaster.isTrusted(), step, points);
    }

    TargetDecider.ForecastInput forecast() {
      return forecast;
    }
  }

  /** The predictive policy's settings for this spec and service model. */
  private PredictiveSettings predictiveSettings() {
    return new PredictiveSettings(
        settings.capacity(),
        settings.effectiveLead(),
        settings.quantile(),
        PredictiveSettings.DEFAULT_INTERVAL_LEVEL,
        settings.tailBudget());
  }

  /**
   * What the simulated pods report; the same observation object while nothing it depends on changed
   * (a trace step spans several decisions), so a replay does not allocate a map per decision. One
   * per run: a Backtester may replay several traces at once.
   */
  private static final class Observations {
    private final double capacity;
    private int desired = -1;
    private int ready = -1;
    private double demand = Double.NaN;
    private Observation last;

    Observations(double capacity) {
      this.capacity = capacity;
    }

    Observation at(int desiredNow, int readyNow, double demandNow) {
      if (last != null
          && desiredNow == desired
          && readyNow == ready
          && Double.compare(demandNow, demand) == 0) {
        return last;
      }
      desired = desiredNow;
      ready = readyNow;
      demand = demandNow;
      if (Double.isNaN(demandNow) || readyNow == 0) {
        last = new Observation.Aggregate(desiredNow, readyNow, Map.of(), Map.of());
      } else {
        double cpu = Math.min(1.0, demandNow / (readyNow * capacity)) * 100;
        last =
            new Observation.Aggregate(
                desiredNow,
                readyNow,
                Map.of(CPU, cpu, REQUESTS_PER_POD, demandNow / readyNow),
                Map.of());
      }
      return last;
    }
  }
}
