package io.headroom.flink.scaling;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.MetricSpec;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.TargetDecider;
import io.headroom.core.window.Statistic;
import io.headroom.flink.serde.CodecTypeInfo;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import io.headroom.schemas.ScalingCommandMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides for one target (the key) every sync period in event time, with core's core's {@link
 * TargetDecider} (policy hpa or predictive), exactly as the backtester calls them. This class only
 * translates and keeps state:
 *
 * <ul>
 *   <li>Windows wait until the watermark passes their end, then become the target's latest value of
 *       their metric; the decision at {@code T} sees the windows that ended by {@code T} and holds
 *       them until newer ones arrive (windows come once a minute, decisions every 15 s).
 *   <li>A metric whose newest window ended more than {@code metricMaxAge} before {@code T} is left
 *       out of the observation, so the engine's missing-metric rules apply (no scale-down on
 *       partial information). A target without any window for {@code stopAfter} stops being
 *       decided; other targets are not affected.
 *   <li>Forecasts are side information: they never hold back event time. A decision uses the newest
 *       forecast fitted at or before it that has arrived; a live forecast arrives shortly after its
 *       {@code fittedAt}, so meanwhile the previous one (which reaches 2 h ahead) is used.
 *   <li>The target's {@link TargetState} (engine history, latest values, forecasts, trust) lives in
 *       keyed state under the target's name, so a restart from a checkpoint or savepoint with an
 *       edited targets file keeps each target's history.
 *   <li>The targets file is broadcast: each subtask swaps in a new version as it arrives (read from
 *       the job graph at start, then from the file's re-reads). A bad edit is logged and ignored.
 * </ul>
 */
public final class ScalingFunction
    extends KeyedBroadcastProcessFunction<String, ScalingInput, TargetsFile, ScalingCommand> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ScalingFunction.class);

  /**
   * Required by Flink's broadcast API; the targets live in a field, re-read from the file (see the
   * class doc).
   */
  public static final MapStateDescriptor<String, String> TARGETS_DESCRIPTOR =
      new MapStateDescriptor<>("targets-file", Types.STRING, Types.STRING);

  private final ScalingSettings settings;
  private final long windowMillis;
  private final long syncMillis;
  private final long maxAgeMillis;
  private final long stopMillis;

  private transient ValueState<TargetState> state;
  private transient String targetsText;
  private transient TargetsConfig targets;
  private transient String rejectedText;
  private transient ScalingEngine engine;
  private transient Map<String, TargetDecider> deciders;
  private transient Counter decisions;
  private transient Counter skipped;

  public ScalingFunction(ScalingSettings settings) {
    this.settings = settings;
    this.windowMillis = settings.window().toMillis();
    this.syncMillis = settings.sync().toMillis();
    this.maxAgeMillis = settings.metricMaxAge().toMillis();
    this.stopMillis = settings.stopAfter().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("target", CodecTypeInfo.of(new TargetState.Codec())));
    engine = ScalingEngine.withDefaults();
    install(settings.targetsText(), settings.targets());
    decisions = getRuntimeContext().getMetricGroup().counter("decisions");
    skipped = getRuntimeContext().getMetricGroup().counter("decisionsSkippedNoReplicas");
  }

  private void install(String text, TargetsConfig config) {
    targetsText = text;
    targets = config;
    deciders = new HashMap<>();
    config
        .targets()
        .forEach(
            (name, target) ->
                deciders.put(
                    name,
                    new TargetDecider(
                        engine,
                        target.spec(),
                        target.policy() == TargetConfig.Policy.PREDICTIVE
                            ? target.predictive()
                            : null,
                        target.trustWindow())));
  }

  @Override
  public void processBroadcastElement(
      TargetsFile file, Context ctx, Collector<ScalingCommand> out) {
    if (file.text() == null) {
      LOG.warn(
          "targets file {} cannot be read, keeping the targets in force: {}",
          file.path(),
          file.problem());
      return;
    }
    if (file.text().equals(targetsText) || file.text().equals(rejectedText)) {
      return;
    }
    try {
      TargetsConfig config = TargetsConfig.parse(file.text(), settings.sync());
      install(file.text(), config);
      rejectedText = null;
      LOG.info(
          "targets file {} changed: now {} targets {}",
          file.path(),
          config.targets().size(),
          config.targets().keySet());
    } catch (IllegalArgumentException e) {
      rejectedText = file.text();
      LOG.warn(
          "targets file {} changed but is invalid, keeping the targets in force: {}",
          file.path(),
          e.getMessage());
    }
  }

  @Override
  public void processElement(ScalingInput input, ReadOnlyContext ctx, Collector<ScalingCommand> out)
      throws Exception {
    TargetConfig target = targets.target(ctx.getCurrentKey());
    if (target == null) {
      return; // not a target (yet): nothing is kept for it
    }
    TargetState current = state.value();
    if (current == null) {
      current = TargetState.empty();
    }
    if (input.forecast() != null) {
      current = addForecast(current, target, input.forecast());
    } else {
      PercentileWindow window = input.window();
      if (window.getWindowEnd().toEpochMilli() - window.getWindowStart().toEpochMilli()
          != windowMillis) {
        return; // another window size (the hourly roll-up): not read here
      }
      WindowSample sample = WindowSample.of(window);
      long watermark = ctx.timerService().currentWatermark();
      if (sample.end() <= watermark) {
        current =
            apply(
                current,
                deciders.get(ctx.getCurrentKey()),
                target,
                sample); // late: its decisions have passed, it still updates the latest value
      } else {
        List<WindowSample> pending = new ArrayList<>(current.pending());
        pending.add(sample);
        current = current.withPending(pending);
        ctx.timerService().registerEventTimeTimer(sample.end());
      }
      current = current.withLastWindowEnd(sample.end());
      if (current.nextDecision() == TargetState.NONE) {
        long first = ceil(Math.max(sample.end(), watermark + 1), syncMillis);
        ctx.timerService().registerEventTimeTimer(first);
        current = current.withNextDecision(first);
      }
    }
    state.update(current);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScalingCommand> out)
      throws Exception {
    TargetState current = state.value();
    if (current == null) {
      return;
    }
    TargetConfig target = targets.target(ctx.getCurrentKey());
    if (target == null) {
      // Removed from the targets file: keep the history (a re-added target resumes it), stop
      // deciding.
      state.update(current.withPending(List.of()).withNextDecision(TargetState.NONE));
      return;
    }
    List<WindowSample> due = new ArrayList<>();
    List<WindowSample> later = new ArrayList<>();
    for (WindowSample sample : current.pending()) {
      (sample.end() <= timestamp ? due : later).add(sample);
    }
    if (!due.isEmpty()) {
      due.sort(Comparator.comparingLong(WindowSample::end));
      current = current.withPending(later);
      for (WindowSample sample : due) {
        current = apply(current, deciders.get(ctx.getCurrentKey()), target, sample);
      }
    }
    if (timestamp == current.nextDecision()) {
      current = decide(current, target, ctx.getCurrentKey(), timestamp, out);
      if (current.lastWindowEnd() > timestamp - stopMillis) {
        long next = timestamp + syncMillis;
        ctx.timerService().registerEventTimeTimer(next);
        current = current.withNextDecision(next);
      } else {
        current = current.withNextDecision(TargetState.NONE);
        LOG.info(
            "target {}: no window since {}, decisions stop until windows return",
            ctx.getCurrentKey(),
            Instant.ofEpochMilli(current.lastWindowEnd()));
      }
    }
    state.update(current);
  }

  /**
   * The window becomes its metric's latest value; for the forecast metric, it also scores the
   * forecast.
   */
  private TargetState apply(
      TargetState current, TargetDecider decider, TargetConfig target, WindowSample sample) {
    if (decider.isPredictive() && sample.metric().equals(target.forecastMetric())) {
      ForecastView forecast = forecastAt(current, sample.start());
      ForecastPoint point = forecast == null ? null : forecast.pointAt(sample.start());
      if (point != null && forecast.stepSeconds() * 1000L == windowMillis) {
        TargetDecider.State scored =
            decider.scoreActual(
                decisionState(current),
                sample.value(target.forecastStatistic()),
                point,
                Duration.ofSeconds(forecast.stepSeconds()));
        current = current.withTrust(scored.overForecastShare());
      }
    }
    return current.withLatest(sample);
  }

  private static TargetDecider.State decisionState(TargetState current) {
    return new TargetDecider.State(current.history(), current.overForecastShare());
  }

  private TargetState addForecast(
      TargetState current, TargetConfig target, io.headroom.schemas.LoadForecast record) {
    if (!record.getMetric().equals(target.forecastMetric())
        || record.getStepSeconds() * 1000L != windowMillis) {
      return current; // the long-horizon or another metric's forecast: the policy reads the short
      // one
    }
    ForecastView view =
        new ForecastView(
            record.getFittedAt().toEpochMilli(),
            record.getModel(),
            record.getTrusted(),
            record.getStepSeconds(),
            ForecastRecords.points(record));
    List<ForecastView> forecasts = new ArrayList<>(current.forecasts().size() + 1);
    for (ForecastView f : current.forecasts()) {
      if (f.fittedAt()
          != view.fittedAt()) { // a replayed forecast replaces the one with the same fittedAt
        forecasts.add(f);
      }
    }
    forecasts.add(view);
    forecasts.sort(Comparator.comparingLong(ForecastView::fittedAt));
    return current.withForecasts(forecasts);
  }

  /** The newest forecast fitted at or before {@code time}, or null. */
  private static ForecastView forecastAt(TargetState current, long time) {
    ForecastView found = null;
    for (ForecastView f : current.forecasts()) {
      if (f.fittedAt() <= time) {
        found = f;
      }
    }
    return found;
  }

  private TargetState decide(
      TargetState current,
      TargetConfig target,
      String name,
      long timestamp,
      Collector<ScalingCommand> out) {
    WindowSample replicasSample = current.latest().get(target.replicasMetric());
    Integer observed =
        replicasSample == null ? null : (int) Math.round(replicasSample.value(Statistic.MAX));
    int replicas;
    int ready;
    if (target.replicas() == TargetConfig.ReplicasMode.COMMANDED && current.lastTo() >= 0) {
      replicas = current.lastTo();
      ready = observed == null ? replicas : Math.min(replicas, observed);
    } else if (observed != null) {
      replicas = observed;
      ready = observed;
    } else if (current.lastTo() >= 0) {
      replicas = current.lastTo();
      ready = replicas;
    } else {
      skipped.inc();
      return current; // the replica count was never seen: nothing to decide from yet
    }

    Map<String, Double> podAverages = new HashMap<>();
    Map<String, Double> objectMetrics = new HashMap<>();
    for (MetricSpec metric : target.spec().metrics()) {
      MetricSource source = target.metrics().get(metric.key());
      WindowSample sample = current.latest().get(source.metric());
      if (sample == null || sample.end() < timestamp - maxAgeMillis) {
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
    Observation observation =
        new Observation.Aggregate(replicas, ready, podAverages, objectMetrics);
    Instant now = Instant.ofEpochMilli(timestamp);

    TargetDecider.ForecastInput forecast = null;
    ForecastView view = forecastAt(current, timestamp);
    if (view != null) {
      List<ForecastPoint> ahead = new ArrayList<>();
      for (ForecastPoint p : view.points()) {
        if (p.timestamp().toEpochMilli() + view.stepSeconds() * 1000L
            > timestamp) { // steps overlapping (now, ...)
          ahead.add(p);
        }
      }
      forecast =
          new TargetDecider.ForecastInput(
              view.model(), view.trusted(), Duration.ofSeconds(view.stepSeconds()), ahead);
    }
    ScalingDecision decision =
        deciders.get(name).decide(decisionState(current), observation, forecast, now).decision();
    Double forecastValue =
        decision.forecast() == ScalingDecision.ForecastUse.RAISED
                || decision.forecast() == ScalingDecision.ForecastUse.BELOW_REACTIVE
            ? decision.forecastLoad()
            : null;
    out.collect(
        ScalingCommandMapper.toCommand(name, target.policy().label(), decision, forecastValue));
    decisions.inc();
    return prune(current.withHistory(decision.history(), decision.to()), timestamp);
  }

  /**
   * Drops forecasts superseded before the oldest window that can still arrive on time (two windows
   * back).
   */
  private TargetState prune(TargetState current, long timestamp) {
    List<ForecastView> forecasts = current.forecasts();
    int first = 0;
    while (first + 1 < forecasts.size()
        && forecasts.get(first + 1).fittedAt() <= timestamp - 2 * windowMillis) {
      first++;
    }
    return first == 0 ? current : current.withForecasts(forecasts.subList(first, forecasts.size()));
  }

  private static long ceil(long time, long every) {
    return Math.floorDiv(time + every - 1, every) * every;
  }
}
