package io.headroom.flink.forecast;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.HistorySeed;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.forecast.LongStepBucket;
import io.headroom.core.trace.TracePoint;
import io.headroom.flink.kafka.DeadLetter;
import io.headroom.flink.kafka.DeadLetterSplit;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.flink.serde.CodecTypeInfo;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts one service × metric (the key): keeps two core models in keyed state, learns from each
 * window online, and emits forecasts on event-time timers.
 *
 * <ul>
 *   <li>Windows are applied in event-time order: each waits in {@code pending} until the watermark
 *       passes its end, so a forecast made at {@code T} has seen exactly the windows that ended by
 *       {@code T}, whatever the arrival timing. Replays and restores therefore give the same
 *       forecasts as a live run.
 *   <li>The short model runs at the window step (1 min); every {@code shortEvery} (5 min, aligned
 *       to the epoch) it forecasts the steps from {@code T} to {@code T + shortHorizon}.
 *   <li>The long model runs at {@code longStep} (1 h), fed with each long step's windows summed
 *       (scaled up when some windows are missing, skipped when fewer than half arrived); every
 *       {@code longEvery} it forecasts {@code longHorizon} (14 days) ahead.
 *   <li>A series whose windows stop for {@code staleAfter} stops being forecast; its models stay in
 *       state and resume when windows come back.
 *   <li>Windows that arrive after a later one was applied (or twice) cannot update an online model:
 *       they go to the dead-letter side output with the reason, never silently.
 *   <li>Warm start ({@link ForecastSettings#warmStart()}): the first window of a series without
 *       state triggers one read of its stored history ({@code span} back from that window, minus
 *       the out-of-orderness bound, which is left to the live stream), fed to both models by core's
 *       {@link HistorySeed} rule before the window itself. A series with state (restored, or seen
 *       before) is never seeded again, so no window counts twice. When the read fails the series
 *       starts cold (logged and counted in {@code warmStartFailures}).
 * </ul>
 *
 * <p>The timestamps and ids of the output depend only on the data: {@code fittedAt} is the timer
 * time {@code T}, the end of the last window the model could have seen.
 */
public final class ForecastFunction
    extends KeyedProcessFunction<String, PercentileWindow, LoadForecast> {
  private static final long serialVersionUID = 1L;
  static final String CONSUMER = "forecast";
  private static final Logger LOG = LoggerFactory.getLogger(ForecastFunction.class);

  private final ForecastSettings settings;
  private final long stepMillis;
  private final long longStepMillis;
  private final long shortEveryMillis;
  private final long longEveryMillis;
  private final long staleMillis;

  private transient ValueState<LoadForecaster> shortModel;
  private transient ValueState<LoadForecaster> longModel;
  private transient ValueState<SeriesState> series;
  private transient MapState<Long, Double> pending;
  private transient AvroBytesCodec<PercentileWindow> windowCodec;
  private transient Counter applied;
  private transient Counter outOfOrder;
  private transient Counter forecasts;
  private transient Counter withoutInterval;
  private transient Counter warmStarted;
  private transient Counter warmStartWindows;
  private transient Counter warmStartFailures;

  public ForecastFunction(ForecastSettings settings) {
    this.settings = settings;
    this.stepMillis = settings.step().toMillis();
    this.longStepMillis = settings.longStep().toMillis();
    this.shortEveryMillis = settings.shortEvery().toMillis();
    this.longEveryMillis = settings.longEvery().toMillis();
    this.staleMillis = settings.staleAfter().toMillis();
  }

  /** The key of a window: {@code service|metric}. */
  public static String key(PercentileWindow window) {
    return window.getService() + "|" + window.getMetric();
  }

  @Override
  public void open(OpenContext openContext) {
    CodecTypeInfo<LoadForecaster> models = CodecTypeInfo.of(new ForecasterBytesCodec());
    shortModel = getRuntimeContext().getState(new ValueStateDescriptor<>("short-model", models));
    longModel = getRuntimeContext().getState(new ValueStateDescriptor<>("long-model", models));
    series =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("series", CodecTypeInfo.of(new SeriesState.Codec())));
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending-windows", Types.LONG, Types.DOUBLE));
    windowCodec = AvroBytesCodec.of(PercentileWindow.class);
    applied = getRuntimeContext().getMetricGroup().counter("windowsApplied");
    outOfOrder = getRuntimeContext().getMetricGroup().counter("windowsOutOfOrder");
    forecasts = getRuntimeContext().getMetricGroup().counter("forecastsEmitted");
    withoutInterval = getRuntimeContext().getMetricGroup().counter("forecastsWithoutInterval");
    warmStarted = getRuntimeContext().getMetricGroup().counter("seriesWarmStarted");
    warmStartWindows = getRuntimeContext().getMetricGroup().counter("warmStartWindows");
    warmStartFailures = getRuntimeContext().getMetricGroup().counter("warmStartFailures");
  }

  @Override
  public void processElement(PercentileWindow window, Context ctx, Collector<LoadForecast> out)
      throws Exception {
    ForecastSeries selected = settings.seriesOf(window.getMetric());
    if (selected == null
        || window.getWindowEnd().toEpochMilli() - window.getWindowStart().toEpochMilli()
            != stepMillis) {
      return; // routed here by mistake; ForecastJob filters these out before the keyBy
    }
    SeriesState state = series.value();
    if (state == null) {
      state = SeriesState.empty(window.getService(), window.getMetric());
      if (settings.warmStart().enabled()) {
        state = warmStart(state, selected, window.getWindowStart());
      }
    }
    long start = window.getWindowStart().toEpochMilli();
    long end = start + stepMillis;
    double value = selected.statistic().of(PercentileWindowMapper.toObservation(window));
    if (!after(state, start) || pending.contains(start)) {
      reject(
          ctx,
          window.getService(),
          window.getMetric(),
          window.getWindowStart(),
          windowCodec.encode(window),
          state,
          "is not a step after the last one learnt or is a duplicate; an online model cannot go back");
      return;
    }
    LOG.debug(
        "window {} {} at watermark {}",
        ctx.getCurrentKey(),
        window.getWindowStart(),
        ctx.timerService().currentWatermark());
    if (end <= ctx.timerService().currentWatermark()) {
      // Late (beyond the out-of-orderness bound) but still newer than anything applied: learn from
      // it now.
      state = apply(state, start, value, ctx, Long.MIN_VALUE);
    } else {
      pending.put(start, value);
      ctx.timerService().registerEventTimeTimer(end);
    }
    series.update(state);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LoadForecast> out)
      throws Exception {
    SeriesState state = series.value();
    LOG.debug("timer {} for {}: {}", Instant.ofEpochMilli(timestamp), ctx.getCurrentKey(), state);
    if (state == null) {
      return;
    }
    List<Long> due = new ArrayList<>();
    for (Long start : pending.keys()) {
      if (start + stepMillis <= timestamp) {
        due.add(start);
      }
    }
    due.sort(null);
    for (long start : due) {
      double value = pending.get(start);
      pending.remove(start);
      state = apply(state, start, value, ctx, timestamp);
    }
    if (timestamp == state.nextShort()) {
      emitShort(state, timestamp, out);
      state = state.withTimers(next(state, timestamp, shortEveryMillis, ctx), state.nextLong());
    }
    if (timestamp == state.nextLong()) {
      state = closeBucketBefore(state, timestamp);
      emitLong(state, timestamp, out);
      state = state.withTimers(state.nextShort(), next(state, timestamp, longEveryMillis, ctx));
    }
    series.update(state);
  }

  /**
   * Updates both models with one window, in order, and starts the forecast timers if they are
   * stopped.
   */
  private SeriesState apply(
      SeriesState state, long start, double value, Context ctx, long firingTimer) throws Exception {
    if (!after(state, start)) {
      // A late window applied meanwhile overtook this one.
      reject(
          ctx,
          state.service(),
          state.metric(),
          Instant.ofEpochMilli(start),
          null,
          state,
          "(value "
              + value
              + ") was overtaken by a later window that arrived late; an online model cannot go back");
      return state;
    }
    LoadForecaster model = shortModel.value();
    if (model == null) {
      model = Forecasters.create(settings.model(), settings.step());
    }
    try {
      model.update(Instant.ofEpochMilli(start), value);
    } catch (IllegalArgumentException e) {
      reject(
          ctx,
          state.service(),
          state.metric(),
          Instant.ofEpochMilli(start),
          null,
          state,
          "(value " + value + ") was refused by the model: " + e.getMessage());
      return state;
    }
    shortModel.update(model);
    applied.inc();
    state = addToBucket(state.withLastStart(start), start, value);

    long end = start + stepMillis;
    long shortTimer = state.nextShort();
    long longTimer = state.nextLong();
    if (shortTimer == SeriesState.NONE) {
      shortTimer = ceil(end, shortEveryMillis);
      register(ctx, shortTimer, firingTimer);
    }
    if (longTimer == SeriesState.NONE) {
      longTimer = ceil(end, longEveryMillis);
      register(ctx, longTimer, firingTimer);
    }
    return state.withTimers(shortTimer, longTimer);
  }

  /**
   * Seeds a new series' models from stored history before {@code firstLive} (less the
   * out-of-orderness bound): the short model with every window, the long one with the long steps
   * they close. Registers no timer: the first live window starts the forecasts.
   */
  private SeriesState warmStart(SeriesState state, ForecastSeries selected, Instant firstLive)
      throws Exception {
    Instant liveFrom = firstLive.minus(settings.outOfOrderness());
    Instant from = liveFrom.minus(settings.warmStart().span());
    long began = System.nanoTime();
    List<TracePoint> history;
    try {
      history =
          ClickHouseHistory.read(
              settings.warmStart(),
              state.service(),
              state.metric(),
              selected.statistic(),
              settings.step(),
              from,
              liveFrom);
    } catch (java.io.IOException | RuntimeException e) {
      warmStartFailures.inc();
      LOG.warn(
          "warm start of {}|{} skipped, starting cold: {}",
          state.service(),
          state.metric(),
          e.toString());
      return state;
    }
    long read = System.nanoTime();
    List<TracePoint> points = HistorySeed.select(history, settings.step(), null, liveFrom);
    if (points.isEmpty()) {
      LOG.info("warm start of {}|{}: no history", state.service(), state.metric());
      return state;
    }
    LoadForecaster shortM = Forecasters.create(settings.model(), settings.step());
    LoadForecaster longM = null;
    LongStepBucket bucket = state.bucket();
    long last = SeriesState.NONE;
    for (TracePoint p : points) {
      try {
        shortM.update(p.timestamp(), p.value());
      } catch (IllegalArgumentException e) {
        continue;
      }
      long start = p.timestamp().toEpochMilli();
      LongStepBucket.Change change = bucket.add(start, p.value(), longStepMillis, stepMillis);
      if (change.closed() != null) {
        if (longM == null) {
          longM = Forecasters.create(settings.model(), settings.longStep());
        }
        longM.update(change.closed().timestamp(), change.closed().value());
      }
      bucket = change.bucket();
      last = start;
    }
    shortModel.update(shortM);
    if (longM != null) {
      longModel.update(longM);
    }
    warmStarted.inc();
    warmStartWindows.inc(points.size());
    LOG.info(
        "warm start of {}|{}: {} windows {} .. {} (read {} ms, learnt {} ms), trusted {}",
        state.service(),
        state.metric(),
        points.size(),
        points.get(0).timestamp(),
        points.get(points.size() - 1).timestamp(),
        (read - began) / 1_000_000,
        (System.nanoTime() - read) / 1_000_000,
        shortM.isTrusted());
    return last == SeriesState.NONE ? state : state.withLastStart(last).withBucket(bucket);
  }

  private static void register(Context ctx, long time, long firingTimer) {
    if (time != firingTimer) { // the timer firing now handles its own time
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  private SeriesState addToBucket(SeriesState state, long start, double value) throws Exception {
    return feedLong(state, state.bucket().add(start, value, longStepMillis, stepMillis));
  }

  private SeriesState closeBucketBefore(SeriesState state, long timestamp) throws Exception {
    return feedLong(state, state.bucket().closeBefore(timestamp, longStepMillis, stepMillis));
  }

  /** Keeps the bucket and feeds a long step it closed to the long model (core's rule). */
  private SeriesState feedLong(SeriesState state, LongStepBucket.Change change) throws Exception {
    if (change.closed() != null) {
      LoadForecaster model = longModel.value();
      if (model == null) {
        model = Forecasters.create(settings.model(), settings.longStep());
      }
      model.update(change.closed().timestamp(), change.closed().value());
      longModel.update(model);
    }
    return state.withBucket(change.bucket());
  }

  private void emitShort(SeriesState state, long timestamp, Collector<LoadForecast> out)
      throws Exception {
    emit(state, shortModel.value(), timestamp, settings.step(), settings.shortSteps(), out);
  }

  private void emitLong(SeriesState state, long timestamp, Collector<LoadForecast> out)
      throws Exception {
    emit(state, longModel.value(), timestamp, settings.longStep(), settings.longSteps(), out);
  }

  private void emit(
      SeriesState state,
      LoadForecaster model,
      long timestamp,
      Duration step,
      int steps,
      Collector<LoadForecast> out) {
    if (model == null) {
      return;
    }
    Instant fittedAt = Instant.ofEpochMilli(timestamp);
    // The steps starting at or after T: the origin is just before T.
    List<ForecastPoint> points = model.forecast(fittedAt.minusMillis(1), steps);
    if (points.isEmpty()) {
      return;
    }
    if (!ForecastPoint.allFinite(points)) {
      // Too few errors seen for an interval yet: the scaling job could not use it, nor a reader.
      withoutInterval.inc();
      return;
    }
    out.collect(
        ForecastRecords.toRecord(
            state.service(),
            state.metric(),
            model.name(),
            model.isTrusted(),
            fittedAt,
            step,
            points));
    forecasts.inc();
  }

  /**
   * The next timer of a chain, or NONE when the series has gone stale (no window in {@code
   * staleAfter}).
   */
  private long next(SeriesState state, long timestamp, long every, Context ctx) {
    long lastEnd =
        state.lastStart() == SeriesState.NONE ? Long.MIN_VALUE : state.lastStart() + stepMillis;
    if (lastEnd <= timestamp - staleMillis) {
      return SeriesState.NONE;
    }
    long next = timestamp + every;
    ctx.timerService().registerEventTimeTimer(next);
    return next;
  }

  /**
   * True when a window starting at {@code start} lies at least one step after the last one learnt.
   */
  private boolean after(SeriesState state, long start) {
    return state.lastStart() == SeriesState.NONE || start >= state.lastStart() + stepMillis;
  }

  private void reject(
      Context ctx,
      String service,
      String metric,
      Instant start,
      byte[] window,
      SeriesState state,
      String problem) {
    outOfOrder.inc();
    String reason =
        "out of order: window "
            + service
            + "/"
            + metric
            + " starting "
            + start
            + " "
            + problem
            + (state.lastStart() == SeriesState.NONE
                ? ""
                : " (last learnt: " + Instant.ofEpochMilli(state.lastStart()) + ")");
    ctx.output(
        DeadLetterSplit.DEAD_LETTERS,
        new DeadLetter(
            settings.inputTopic(),
            -1,
            -1,
            service.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            window,
            reason,
            CONSUMER));
  }

  private static long ceil(long time, long every) {
    return Math.floorDiv(time + every - 1, every) * every;
  }
}
