package io.headroom.core.suite;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.backtest.Backtester;
import io.headroom.core.backtest.LeadBaseline;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.forecast.eval.RollingOriginEvaluator;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.suite.TraceEvaluation.HorizonAccuracy;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs the suite of {@link SuiteSettings} on one trace. Every backtest and every horizon is an
 * independent task on the given executor, so a pool of N threads keeps N cores busy across traces.
 */
public final class TraceSuite {
  private static final int MAX_REPLICAS = 10_000;

  private final SuiteSettings settings;
  private final Function<Duration, LoadForecaster> models;

  public TraceSuite(SuiteSettings settings) {
    this(settings, step -> Forecasters.create(settings.model(), step));
  }

  /**
   * A suite whose forecaster comes from {@code models} (given the step): for sweeps of model
   * settings.
   */
  public TraceSuite(SuiteSettings settings, Function<Duration, LoadForecaster> models) {
    this.settings = settings;
    this.models = models;
  }

  /** Starts every task of the trace on {@code executor}; the future completes with all results. */
  public CompletableFuture<TraceEvaluation> evaluate(String name, Trace trace, Executor executor) {
    if (trace.size() < 2) {
      throw new IllegalArgumentException(
          name + ": has " + trace.size() + " rows; the suite needs at least 2");
    }
    double peak = trace.points().stream().mapToDouble(TracePoint::value).max().orElse(0);
    if (!(peak > 0)) {
      throw new IllegalArgumentException(
          name + ": every value is 0; there is no load to scale for");
    }
    double capacity = peak / settings.replicasAtPeak();
    Duration span =
        Duration.between(
            trace.points().get(0).timestamp(), trace.points().get(trace.size() - 1).timestamp());
    Duration forecastWarmup =
        SuiteSettings.warmupWithin(settings.forecastWarmup(), span, trace.step());
    Duration scalingWarmup =
        SuiteSettings.warmupWithin(settings.scalingWarmup(), span, trace.step());
    BacktestSettings backtest =
        BacktestSettings.withCapacity(capacity)
            .withStartup(settings.startup())
            .withSync(settings.sync())
            .withWarmup(scalingWarmup)
            .withQuantile(settings.quantile())
            .withTailBudget(settings.tailBudget());

    List<CompletableFuture<HorizonAccuracy>> forecasts = new ArrayList<>();
    for (Duration horizon : settings.horizons()) {
      if (horizon.getSeconds() % trace.step().getSeconds() == 0
          && settings.originStep().getSeconds() % trace.step().getSeconds() == 0) {
        forecasts.add(
            CompletableFuture.supplyAsync(
                () ->
                    new HorizonAccuracy(
                        horizon,
                        RollingOriginEvaluator.run(
                                trace,
                                models.apply(trace.step()),
                                new io.headroom.core.forecast.eval.BacktestSettings(
                                    horizon, settings.originStep(), forecastWarmup),
                                row -> {},
                                RollingOriginEvaluator.Progress.NONE)
                            .overall()),
                executor));
      }
    }
    Map<Integer, CompletableFuture<BacktestResult>> hpa = new LinkedHashMap<>();
    for (int target : settings.hpaTargets()) {
      hpa.put(
          target,
          CompletableFuture.supplyAsync(
              () -> backtester(target, backtest).runReactive(trace, null), executor));
    }
    Backtester policy = backtester(settings.policyTarget(), backtest);
    var predictive =
        CompletableFuture.supplyAsync(
            () -> policy.runPredictive(trace, models.apply(trace.step()), null), executor);
    var seasonalNaive =
        CompletableFuture.supplyAsync(
            () -> policy.runBaseline(trace, LeadBaseline.SEASONAL_NAIVE, null), executor);
    var oracle =
        CompletableFuture.supplyAsync(
            () ->
                backtester(settings.policyTarget(), backtest)
                    .runBaseline(trace, LeadBaseline.ORACLE, null),
            executor);

    List<CompletableFuture<?>> all = new ArrayList<>(forecasts);
    all.addAll(hpa.values());
    all.addAll(List.of(predictive, seasonalNaive, oracle));
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<Integer, BacktestResult> reactive = new LinkedHashMap<>();
              hpa.forEach((target, run) -> reactive.put(target, run.join()));
              return new TraceEvaluation(
                  name,
                  trace.size(),
                  trace.step(),
                  capacity,
                  forecastWarmup,
                  scalingWarmup,
                  forecasts.stream().map(CompletableFuture::join).toList(),
                  reactive,
                  predictive.join(),
                  seasonalNaive.join(),
                  oracle.join(),
                  settings.policyTarget());
            });
  }

  private static Backtester backtester(int target, BacktestSettings backtest) {
    return new Backtester(HpaSpec.cpu(1, MAX_REPLICAS, target), backtest);
  }
}
