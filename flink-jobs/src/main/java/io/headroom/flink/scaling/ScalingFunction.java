package io.headroom.flink.scaling;

import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.target.LiveTarget;
import io.headroom.core.target.TargetView;
import io.headroom.core.target.TargetsConfig;
import io.headroom.core.target.WindowSample;
import io.headroom.flink.serde.CodecTypeInfo;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import io.headroom.schemas.ScalingCommandMapper;
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
 * The Flink side of the scaling job: for each target (the key) it keeps core's {@link LiveTarget}
 * view in keyed state and calls it as event time passes. Every rule (which windows and forecasts
 * count, the observation, trust, the decision) is {@link LiveTarget}'s, the same code the job-view
 * backtest runs; this class only holds state, timers and the targets file:
 *
 * <ul>
 *   <li>Windows wait until the watermark passes their end, then go to {@link LiveTarget#onWindow};
 *       a late window (its end already passed) goes there at once. Decisions run every sync period
 *       in event time, after the windows due at the same instant.
 *   <li>Forecasts are side information: they never hold back event time and go to {@link
 *       LiveTarget#onForecast} as they arrive; a live forecast arrives shortly after its {@code
 *       fittedAt}, so meanwhile the previous one (which reaches 2 h ahead) is used.
 *   <li>A target without any window for {@code stopAfter} stops being decided; other targets are
 *       not affected. Its {@link TargetState} lives in keyed state under the target's name, so a
 *       restart from a checkpoint or savepoint with an edited targets file keeps its history.
 *   <li>A queue target (KEDA's Kafka scaler) is decided at each of its lag readings ({@link
 *       QueueLagSource}, once per sync period, processing time) by {@link LiveTarget#decideQueue};
 *       a reading that failed becomes a command with limit {@code SKIPPED} and the reason.
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
  private final long syncMillis;
  private final long stopMillis;

  private transient ValueState<TargetState> state;
  private transient String targetsText;
  private transient TargetsConfig targets;
  private transient String rejectedText;
  private transient ScalingEngine engine;
  private transient Map<String, LiveTarget> live;
  private transient Counter decisions;
  private transient Counter skipped;
  private transient Counter queueSkipped;

  public ScalingFunction(ScalingSettings settings) {
    this.settings = settings;
    this.syncMillis = settings.sync().toMillis();
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
    queueSkipped = getRuntimeContext().getMetricGroup().counter("queueReadingsSkipped");
  }

  private void install(String text, TargetsConfig config) {
    targetsText = text;
    targets = config;
    live = new HashMap<>();
    config
        .targets()
        .forEach(
            (name, target) ->
                live.put(
                    name,
                    new LiveTarget(engine, target, settings.window(), settings.metricMaxAge())));
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
    LiveTarget target = live.get(ctx.getCurrentKey());
    if (target == null) {
      return; // not a target (yet): nothing is kept for it
    }
    TargetState current = state.value();
    if (current == null) {
      current = TargetState.empty();
    }
    if (target.config().isQueue()) {
      onQueueInput(input, target, current, out);
      return;
    }
    if (input.lag() != null) {
      return; // a reading for a target that is no longer a queue target
    }
    if (input.forecast() != null) {
      current =
          current.withView(
              target.onForecast(
                  current.view(),
                  input.forecast().getMetric(),
                  ForecastRecords.toView(input.forecast())));
    } else {
      WindowSample sample = PercentileWindowMapper.toSample(input.window());
      if (!target.reads(sample)) {
        return;
      }
      long watermark = ctx.timerService().currentWatermark();
      if (sample.end() <= watermark) {
        // Late: its decisions have passed, it still updates the latest value.
        current = current.withView(target.onWindow(current.view(), sample));
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
    LiveTarget target = live.get(ctx.getCurrentKey());
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
      TargetView view = current.view();
      for (WindowSample sample : due) {
        view = target.onWindow(view, sample);
      }
      current = current.withView(view);
    }
    if (timestamp == current.nextDecision()) {
      current = decide(current, target, timestamp, out);
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
   * A queue target: each lag reading is a decision (or a skip with its reason), made at once; its
   * windows only update the replicas gauge; forecasts are not read.
   */
  private void onQueueInput(
      ScalingInput input, LiveTarget target, TargetState current, Collector<ScalingCommand> out)
      throws Exception {
    if (input.lag() != null) {
      LiveTarget.QueueDecided decided = target.decideQueue(current.view(), input.lag());
      out.collect(
          ScalingCommandMapper.toCommand(
              target.config().name(), target.config().policyLabel(), decided));
      (decided.isSkipped() ? queueSkipped : decisions).inc();
      state.update(current.withView(decided.view()));
    } else if (input.window() != null) {
      WindowSample sample = PercentileWindowMapper.toSample(input.window());
      if (target.reads(sample)) {
        state.update(
            current
                .withView(target.onWindow(current.view(), sample))
                .withLastWindowEnd(sample.end()));
      }
    }
  }

  private TargetState decide(
      TargetState current, LiveTarget target, long timestamp, Collector<ScalingCommand> out) {
    LiveTarget.Decided decided = target.decide(current.view(), timestamp);
    if (decided.decision() == null) {
      skipped.inc(); // the replica count was never seen: nothing to decide from yet
      return current;
    }
    out.collect(
        ScalingCommandMapper.toCommand(
            target.config().name(),
            target.config().policyLabel(),
            decided.decision(),
            decided.forecastValue()));
    decisions.inc();
    return current.withView(decided.view());
  }

  private static long ceil(long time, long every) {
    return Math.floorDiv(time + every - 1, every) * every;
  }
}
