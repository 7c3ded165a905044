package io.headroom.core.backtest;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.metric.MetricKind;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.TailBudget;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.target.ForecastView;
import io.headroom.core.target.LiveTarget;
import io.headroom.core.target.TargetConfig;
import io.headroom.core.target.TargetView;
import io.headroom.core.target.TargetsConfig;
import io.headroom.core.target.WindowSample;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.window.WindowObservation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The backtest as the live scaling job sees it. The simulated service of evaluation.md reports
 * through windows one trace step long, as the percentile app would close them: {@value #REQUESTS}
 * (a counter, the step's load), {@value #CPU_PERCENT} (a gauge scraped at every sync: {@code min(1,
 * r / (ready × capacity)) × 100}) and {@value #REPLICAS} (the ready pods, scraped likewise). A
 * window counts once it has closed, forecasts are fitted at window ends from the windows alone, and
 * core's {@link LiveTarget} decides every sync period, configured by the targets file this class
 * writes ({@link #targetsYaml()}, replica count {@code commanded}).
 *
 * <p>Its {@link Sink} receives exactly what the Flink scaling job would read from {@code
 * metrics.windows} and {@code load.forecasts} and the commands it would write: replaying those
 * windows and forecasts through the job with the same targets file gives the same commands,
 * decision for decision (JobIdentityIT checks it).
 *
 * <p>Unlike {@link Backtester}, which lets the engine see a trace step's load while the step runs,
 * this view sees it only once the step's window has closed, as production does; its figures are
 * therefore somewhat worse for both policies.
 */
public final class JobViewBacktest {
  public static final String REQUESTS = "requests";
  public static final String CPU_PERCENT = "cpu_percent";
  public static final String REPLICAS = "replicas";

  /** What the run emits, in event-time order. */
  public interface Sink {
    /** A closed window with the samples it was built from. */
    default void window(WindowObservation window, MetricKind kind, SketchAccumulator samples) {}

    /** A forecast of {@code metric} at the window step, fitted at a window end. */
    default void forecast(String metric, ForecastView forecast) {}

    /** A decision, as the scaling job would publish it. */
    default void decision(ScalingDecision decision, Double forecastValue) {}
  }

  private final String target;
  private final String targetsYaml;
  private final TargetConfig config;
  private final BacktestSettings settings;
  private final ScalingEngine engine;

  /**
   * @param target the target's (service's) name in windows, forecasts and commands
   * @param specYaml the HPA spec or manifest as YAML, pasted into the targets file
   * @param predictive the predictive policy, else the plain HPA
   * @throws IllegalArgumentException when the spec is invalid or uses a metric the simulated pods
   *     do not expose
   */
  public JobViewBacktest(
      String target, String specYaml, BacktestSettings settings, boolean predictive) {
    this.target = Objects.requireNonNull(target, "target");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.engine = ScalingEngine.withDefaults();
    this.targetsYaml = targetsYaml(target, specYaml, settings, predictive);
    this.config = TargetsConfig.parse(targetsYaml, settings.sync()).target(target);
    Backtester.loadPerReplica(config.spec(), settings.capacity()); // fails on unsimulated metrics
  }

  /** The targets file the run decides with; the Flink job given it decides the same. */
  public String targetsYaml() {
    return targetsYaml;
  }

  /** A {@code --metric-max-age} for a window step: two windows, at least the job's 2 minutes. */
  public static Duration metricMaxAge(Duration step) {
    Duration twoWindows = step.multipliedBy(2);
    return twoWindows.compareTo(Duration.ofMinutes(2)) > 0 ? twoWindows : Duration.ofMinutes(2);
  }

  /** A spec YAML for CPU utilization, as {@code HpaSpec.cpu} builds it. */
  public static String cpuSpecYaml(int minReplicas, int maxReplicas, int utilizationPercent) {
    return String.format(
        Locale.ROOT,
        """
        minReplicas: %d
        maxReplicas: %d
        metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: %d}}
        """,
        minReplicas,
        maxReplicas,
        utilizationPercent);
  }

  /**
   * Replays {@code trace}, whose step is the window length.
   *
   * @param forecaster fresh model for the predictive policy; ignored (may be null) for the HPA
   * @param timeline where the timeline rows go (decided syncs only), or null
   */
  public BacktestResult run(
      Trace trace, LoadForecaster forecaster, Appendable timeline, Sink sink) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("trace is empty: nothing to replay");
    }
    boolean predictive = config.policy() == TargetConfig.Policy.PREDICTIVE;
    if (predictive && forecaster == null) {
      throw new IllegalArgumentException("forecaster: required by the predictive policy");
    }
    Replay replay =
        new Replay(trace, predictive ? forecaster : null, timeline, Objects.requireNonNull(sink));
    try {
      return replay.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline: " + e.getMessage(), e);
    }
  }

  /** One run's mutable state. */
  private final class Replay {
    private final List<TracePoint> points;
    private final long step;
    private final long sync;
    private final long start;
    private final long end;
    private final LoadForecaster forecaster;
    private final int horizonSteps;
    private final Sink sink;
    private final TimelineWriter writer;
    private final LiveTarget live;
    private final ServiceModel service;
    private final ElasticityMetrics metrics;
    private TargetView view = TargetView.EMPTY;
    private int nextPoint;
    private long slotStart;
    private double slotDemand;
    private SketchAccumulator cpu =
        new SketchAccumulator(SketchAccumulator.DEFAULT_RELATIVE_ACCURACY);
    private SketchAccumulator replicas =
        new SketchAccumulator(SketchAccumulator.DEFAULT_RELATIVE_ACCURACY);
    private boolean modelHasData;
    private long raised;
    private long untrusted;
    private long used;
    private double quantiles;

    Replay(Trace trace, LoadForecaster forecaster, Appendable timeline, Sink sink) {
      this.points = trace.points();
      this.step = trace.step().toSeconds();
      this.sync = settings.sync().toSeconds();
      this.start = points.get(0).timestamp().getEpochSecond();
      this.end = points.get(points.size() - 1).timestamp().getEpochSecond() + step;
      this.forecaster = forecaster;
      this.horizonSteps =
          (int)
              Math.max(1, Math.ceil((double) (step + settings.effectiveLead().toSeconds()) / step));
      this.sink = sink;
      this.writer = timeline == null ? null : new TimelineWriter(timeline);
      this.live = new LiveTarget(engine, config, trace.step(), metricMaxAge(trace.step()));
      this.service =
          new ServiceModel(
              new Backtester(config.spec(), settings).initialReplicas(points.get(0).value()),
              settings.startup().toSeconds());
      this.metrics = new ElasticityMetrics(settings.capacity(), step);
    }

    BacktestResult run() throws IOException {
      if (writer != null) {
        writer.header();
      }
      long warmupEnd = start + settings.warmup().toSeconds();
      openSlot(start);
      // Decisions fall on multiples of the sync period, as the job's event-time timers do.
      for (long now = Math.floorDiv(start + sync - 1, sync) * sync; now < end; now += sync) {
        service.advanceTo(now);
        while (slotStart + step <= now) {
          closeSlot();
          openSlot(slotStart + step);
        }
        scrape();
        LiveTarget.Decided decided = live.decide(view, now * 1000);
        int desired = service.desired();
        ScalingDecision decision = decided.decision();
        if (decision != null) {
          view = decided.view();
          desired = decision.to();
          service.scaleTo(desired, now);
          sink.decision(decision, decided.forecastValue());
          if (writer != null) {
            writer.row(Instant.ofEpochSecond(now), slotDemand, desired, service.ready(), decision);
          }
          count(decision, view.tail(), now >= warmupEnd);
        }
        metrics.add(slotDemand, desired, service.ready(), sync, now >= warmupEnd);
      }
      if (writer != null) {
        writer.flush();
      }
      String policy = forecaster == null ? "hpa" : "predictive";
      return used == 0
          ? metrics.result(policy, raised, untrusted)
          : metrics.result(policy, raised, untrusted, quantiles / used);
    }

    private void count(ScalingDecision decision, TailBudget tail, boolean evaluated) {
      if (forecaster != null && evaluated) {
        raised += decision.forecast() == ScalingDecision.ForecastUse.RAISED ? 1 : 0;
        boolean without = decision.forecast().withoutTrustedForecast();
        untrusted += without ? 1 : 0;
        used += without ? 0 : 1;
        quantiles += without ? 0 : tail.quantile(settings.quantile());
      }
    }

    /** The pods report for the open window: their utilization and how many are ready. */
    private void scrape() {
      int ready = service.ready();
      replicas.add(ready);
      if (!Double.isNaN(slotDemand) && ready > 0) {
        cpu.add(Math.min(1.0, slotDemand / (ready * settings.capacity())) * 100);
      }
    }

    private void openSlot(long time) {
      slotStart = time;
      while (nextPoint < points.size()
          && points.get(nextPoint).timestamp().getEpochSecond() < time) {
        nextPoint++;
      }
      slotDemand =
          nextPoint < points.size() && points.get(nextPoint).timestamp().getEpochSecond() == time
              ? points.get(nextPoint).value()
              : Double.NaN; // a gap of the trace: no load reported
      cpu = new SketchAccumulator(SketchAccumulator.DEFAULT_RELATIVE_ACCURACY);
      replicas = new SketchAccumulator(SketchAccumulator.DEFAULT_RELATIVE_ACCURACY);
    }

    /**
     * The open window closes: its windows reach the target, then the forecast fitted at its end.
     */
    private void closeSlot() {
      if (!Double.isNaN(slotDemand)) {
        emit(
            REQUESTS,
            MetricKind.COUNTER,
            new SketchAccumulator(cpu.relativeAccuracy()).add(slotDemand));
      }
      emit(CPU_PERCENT, MetricKind.GAUGE, cpu);
      emit(REPLICAS, MetricKind.GAUGE, replicas);
      if (forecaster == null) {
        return;
      }
      if (!Double.isNaN(slotDemand)) {
        forecaster.update(Instant.ofEpochSecond(slotStart), slotDemand);
        modelHasData = true;
      }
      if (modelHasData) {
        Instant fittedAt = Instant.ofEpochSecond(slotStart + step);
        // The steps starting at or after the window end: the origin is just before it.
        List<ForecastPoint> ahead = forecaster.forecast(fittedAt.minusMillis(1), horizonSteps);
        if (!ahead.isEmpty() && ForecastPoint.allFinite(ahead)) {
          ForecastView forecast =
              new ForecastView(
                  fittedAt.toEpochMilli(),
                  forecaster.name(),
                  forecaster.isTrusted(),
                  (int) step,
                  ahead);
          view = live.onForecast(view, config.forecastMetric(), forecast);
          sink.forecast(config.forecastMetric(), forecast);
        }
      }
    }

    private void emit(String metric, MetricKind kind, SketchAccumulator samples) {
      if (samples.isEmpty()) {
        return;
      }
      WindowObservation window =
          WindowObservation.of(
              target,
              metric,
              kind == MetricKind.COUNTER,
              Instant.ofEpochSecond(slotStart),
              Instant.ofEpochSecond(slotStart + step),
              samples.stats());
      view = live.onWindow(view, WindowSample.of(window));
      sink.window(window, kind, samples);
    }
  }

  /**
   * The targets file of one target deciding on the simulated pods' windows: CPU from {@code
   * cpu_percent}'s mean, {@code requests_per_minute} from {@code requests}' sum per ready replica,
   * the replica count as commanded.
   */
  static String targetsYaml(
      String target, String specYaml, BacktestSettings settings, boolean predictive) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("targets:\n")
        .append("  - name: ")
        .append(target)
        .append('\n')
        .append("    policy: ")
        .append(predictive ? "predictive" : "hpa")
        .append('\n')
        .append("    replicas: commanded\n")
        .append("    replicasMetric: ")
        .append(REPLICAS)
        .append('\n');
    // cpu reads cpu_percent's mean by default; requests per pod needs its source named.
    boolean requests =
        HpaSpecParser.parse(specYaml).metrics().stream()
            .anyMatch(m -> m.key().equals(Backtester.REQUESTS_PER_POD));
    if (requests) {
      yaml.append("    metrics:\n")
          .append("      ")
          .append(Backtester.REQUESTS_PER_POD)
          .append(": {metric: ")
          .append(REQUESTS)
          .append(", statistic: sum, perReplica: true}\n");
    }
    if (predictive) {
      yaml.append("    predictive:\n")
          .append("      forecastMetric: ")
          .append(REQUESTS)
          .append('\n')
          .append("      statistic: sum\n")
          .append(String.format(Locale.ROOT, "      replicaCapacity: %s%n", settings.capacity()))
          .append("      startup: ")
          .append(settings.startup().toSeconds())
          .append("s\n")
          .append("      lead: ")
          .append(settings.effectiveLead().toSeconds())
          .append("s\n")
          .append(String.format(Locale.ROOT, "      quantile: %s%n", settings.quantile()))
          .append(String.format(Locale.ROOT, "      tailBudget: %s%n", settings.tailBudget()))
          .append("      trustWindow: ")
          .append(settings.trustWindow().toSeconds())
          .append("s\n");
    }
    yaml.append("    spec:\n");
    specYaml.lines().forEach(line -> yaml.append("      ").append(line).append('\n'));
    return yaml.toString();
  }
}
