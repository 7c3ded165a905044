package io.headroom.core.target;

import io.headroom.core.queue.QueueMemory;
import io.headroom.core.scaling.ScalingHistory;
import io.headroom.core.scaling.TailBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one target's next decision depends on, kept between decisions in one immutable value: the
 * live scaling job holds it in keyed state, the job-view backtest in a local.
 *
 * @param history the engine's recommendations and scale events: what makes stabilization windows
 *     and rate policies hold across decisions, restarts and restores
 * @param latest the newest closed window of each metric (the observation held between windows)
 * @param forecasts forecasts not yet superseded, oldest first
 * @param overForecastShare the forecast trust check's running share ({@code ForecastTrust})
 * @param lastTo replicas asked for by the last decision, -1 before the first
 * @param lastActive a queue target's last active check (KEDA's {@code lastActiveTime}), epoch ms;
 *     {@link #NEVER} before any
 * @param queue a queue target's memory between lag readings (persistent-lag offsets, the arrivals
 *     model); {@link QueueMemory#EMPTY} for other targets
 * @param tail the predictive policy's tail budget; {@link TailBudget#INITIAL} for other targets
 */
public record TargetView(
    ScalingHistory history,
    Map<String, WindowSample> latest,
    List<ForecastView> forecasts,
    double overForecastShare,
    int lastTo,
    long lastActive,
    QueueMemory queue,
    TailBudget tail) {
  /** {@link #lastActive} of a target never active. */
  public static final long NEVER = Long.MIN_VALUE;

  public static final TargetView EMPTY =
      new TargetView(
          ScalingHistory.empty(),
          Map.of(),
          List.of(),
          0,
          -1,
          NEVER,
          QueueMemory.EMPTY,
          TailBudget.INITIAL);

  public TargetView {
    latest = Map.copyOf(latest);
    forecasts = List.copyOf(forecasts);
    queue = queue == null ? QueueMemory.EMPTY : queue;
    tail = tail == null ? TailBudget.INITIAL : tail;
  }

  /** A view whose tail budget starts afresh. */
  public TargetView(
      ScalingHistory history,
      Map<String, WindowSample> latest,
      List<ForecastView> forecasts,
      double overForecastShare,
      int lastTo,
      long lastActive,
      QueueMemory queue) {
    this(
        history,
        latest,
        forecasts,
        overForecastShare,
        lastTo,
        lastActive,
        queue,
        TailBudget.INITIAL);
  }

  /** A view without a queue target's last active time. */
  public TargetView(
      ScalingHistory history,
      Map<String, WindowSample> latest,
      List<ForecastView> forecasts,
      double overForecastShare,
      int lastTo) {
    this(history, latest, forecasts, overForecastShare, lastTo, NEVER, QueueMemory.EMPTY);
  }

  /** {@code sample} as its metric's latest value, unless a newer window is already held. */
  TargetView withLatest(WindowSample sample) {
    WindowSample current = latest.get(sample.metric());
    if (current != null && current.end() >= sample.end()) {
      return this;
    }
    Map<String, WindowSample> next = new TreeMap<>(latest);
    next.put(sample.metric(), sample);
    return new TargetView(
        history, next, forecasts, overForecastShare, lastTo, lastActive, queue, tail);
  }

  /** Adds {@code forecast}; a replayed forecast replaces the one with the same {@code fittedAt}. */
  TargetView withForecast(ForecastView forecast) {
    List<ForecastView> next = new ArrayList<>(forecasts.size() + 1);
    for (ForecastView f : forecasts) {
      if (f.fittedAt() != forecast.fittedAt()) {
        next.add(f);
      }
    }
    next.add(forecast);
    next.sort(Comparator.comparingLong(ForecastView::fittedAt));
    return new TargetView(
        history, latest, next, overForecastShare, lastTo, lastActive, queue, tail);
  }

  TargetView withForecasts(List<ForecastView> value) {
    return new TargetView(
        history, latest, value, overForecastShare, lastTo, lastActive, queue, tail);
  }

  TargetView withTrust(double share) {
    return new TargetView(history, latest, forecasts, share, lastTo, lastActive, queue, tail);
  }

  TargetView withDecision(ScalingHistory value, int to, TailBudget budget) {
    return new TargetView(
        value, latest, forecasts, overForecastShare, to, lastActive, queue, budget);
  }

  TargetView withQueueDecision(ScalingHistory value, int to, long active, QueueMemory memory) {
    return new TargetView(value, latest, forecasts, overForecastShare, to, active, memory, tail);
  }

  /** The newest forecast fitted at or before {@code time} (epoch ms), or null. */
  ForecastView forecastAt(long time) {
    ForecastView found = null;
    for (ForecastView f : forecasts) {
      if (f.fittedAt() <= time) {
        found = f;
      }
    }
    return found;
  }
}
