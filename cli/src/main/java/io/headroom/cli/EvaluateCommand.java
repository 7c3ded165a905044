package io.headroom.cli;

import io.headroom.cli.report.SuitePage;
import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.suite.LeaveOneOut;
import io.headroom.core.suite.SuiteSettings;
import io.headroom.core.suite.TraceEvaluation;
import io.headroom.core.suite.TraceSuite;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.core.workload.RegimeChangeTraces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom evaluate}: the trace suite. Every trace gets the rolling-origin forecast
 * backtest and the scaling backtest (HPA at several targets, the predictive policy, the
 * seasonal-naive and oracle references), all in parallel; one table per trace, a summary against
 * the goals, and optionally a CSV of every figure.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the trace suite: forecast accuracy (relMAE, sMAPE, MASE, interval coverage) at 15 min, 60 min and 24 h,",
      "and the scaling backtest of the HPA frontier (targets 50-80%%), the predictive policy and the seasonal-naive",
      "and oracle references, on every trace, in parallel. Capacity per replica: the trace's peak / 30.",
      "Example: ./headroom evaluate --traces ../shared/traces --synthetic --out suite.csv --html suite.html",
    })
final class EvaluateCommand implements Callable<Integer> {
  /**
   * Seeds of the synthetic traces: one seed let a setting fit its one draw of spikes and bursts (at
   * 7 and 1234, auto's one-day forecast lost to the last value on the bursty walk while 42 passed).
   */
  private static final List<Long> SYNTHETIC_SEEDS = List.of(42L, 7L, 1234L);

  @Spec CommandSpec commandSpec;

  /**
   * One line per trace that could not be read or evaluated. A suite of many traces goes on without
   * them, then exits 2 naming each: one bad row must not cost the figures of every other trace.
   */
  private final List<String> unusable = new ArrayList<>();

  private void unusable(String problem) {
    unusable.add(problem);
    PrintWriter stderr = commandSpec.commandLine().getErr();
    synchronized (stderr) {
      stderr.println("evaluate: left out: " + problem);
      stderr.flush();
    }
  }

  /** 2 after naming every unusable trace once more, at the end where it is seen; else 0. */
  private int exitCode() {
    PrintWriter stderr = commandSpec.commandLine().getErr();
    unusable.forEach(problem -> stderr.println("headroom: " + problem));
    stderr.flush();
    return unusable.isEmpty() ? 0 : CliErrors.BAD_INPUT;
  }

  @Option(
      names = "--traces",
      arity = "1..*",
      paramLabel = "DIR|FILE",
      description =
          "trace files, or folders whose *.csv and *.csv.gz files are all traces; a trace that cannot"
              + " be read or scored is left out, named, and makes the exit code 2")
  List<Path> traces = new ArrayList<>();

  @Option(
      names = "--synthetic",
      description =
          "add the seeded regime-change traces (growth-spikes, level-shift, shape-shift,"
              + " bursty-walk, idle-week, utilisation), each with seeds 42, 7 and 1234")
  boolean synthetic;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "auto",
      description = "forecasting model (default: ${DEFAULT-VALUE})")
  String model;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "history before the first forecast origin, and span left out of the scaling metrics; at"
              + " most half of each trace (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(
      names = "--quantile",
      paramLabel = "Q",
      description = "forecast quantile of the predictive policy (default: the policy's default)")
  Double quantile;

  @Option(
      names = "--sweep-quantile",
      split = ",",
      paramLabel = "Q,Q,...",
      description =
          "instead of the full suite: the scaling backtests at each quantile, and the quantile chosen by"
              + " leave-one-trace-out (how the default was chosen)")
  List<Double> sweep = new ArrayList<>();

  @Option(
      names = "--tail-budget",
      paramLabel = "SHARE",
      description =
          "tail budget of the predictive policy: share of the HPA's replicas it may add by raising"
              + " its quantile where that is cheap (default: the policy's default)")
  Double tailBudget;

  @Option(
      names = "--sweep-tail-budget",
      split = ",",
      paramLabel = "SHARE,SHARE,...",
      description =
          "instead of the full suite: the scaling backtests at each tail budget, and the budget chosen"
              + " by leave-one-trace-out")
  List<Double> sweepBudget = new ArrayList<>();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "worker threads (default: the number of cores)")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "also write every figure as trace,section,item,metric,value")
  Path out;

  @Option(
      names = "--html",
      paramLabel = "FILE.html",
      description =
          "also write a self-contained page with each trace's HPA frontier chart and forecast accuracy")
  Path html;

  @Mixin TraceInputOptions traceInput;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, Trace> suite = load();
    SuiteSettings settings = SuiteSettings.DEFAULT.withModel(model).withWarmup(warmup);
    if (quantile != null) {
      if (!(quantile > 0 && quantile < 1)) {
        throw new IllegalArgumentException("--quantile: " + quantile + " must be in (0, 1)");
      }
      settings = settings.withQuantile(quantile);
    }
    if (tailBudget != null) {
      settings = settings.withTailBudget(budget("--tail-budget", tailBudget));
    }
    if (!sweep.isEmpty() && !sweepBudget.isEmpty()) {
      throw new IllegalArgumentException(
          "--sweep-quantile and --sweep-tail-budget: sweep one setting at a time");
    }
    for (double q : sweep) {
      if (!(q > 0 && q < 1)) {
        throw new IllegalArgumentException("--sweep-quantile: " + q + " must be in (0, 1)");
      }
    }
    sweepBudget.forEach(b -> budget("--sweep-tail-budget", b));
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new IllegalArgumentException("--threads: " + workers + " must be >= 1");
    }
    PrintWriter stdout = commandSpec.commandLine().getOut();
    PrintWriter stderr = commandSpec.commandLine().getErr();
    stderr.printf(
        Locale.ROOT,
        "evaluate: %d traces on %d threads, model %s, warm-up %s (at most half of each trace),"
            + " quantile %s, tail budget %s%n",
        suite.size(),
        workers,
        model,
        DurationText.format(warmup),
        Numbers.exact(settings.quantile()),
        Numbers.exact(settings.tailBudget()));
    stderr.flush();
    long started = System.nanoTime();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            runnable -> {
              Thread thread = new Thread(runnable, "evaluate");
              thread.setDaemon(true);
              return thread;
            });
    try {
      if (!sweep.isEmpty()) {
        sweep(suite, new Sweep("q", "quantile", sweep, settings::withQuantile), pool, started);
        return exitCode();
      }
      if (!sweepBudget.isEmpty()) {
        sweep(
            suite,
            new Sweep("budget", "tail budget", sweepBudget, settings::withTailBudget),
            pool,
            started);
        return exitCode();
      }
      TraceSuite runner = new TraceSuite(settings);
      Map<String, CompletableFuture<TraceEvaluation>> running = new LinkedHashMap<>();
      suite.forEach(
          (name, trace) -> {
            try {
              running.put(
                  name,
                  runner
                      .evaluate(name, trace, pool)
                      .whenComplete(
                          (result, error) -> {
                            synchronized (stderr) {
                              stderr.printf(
                                  Locale.ROOT,
                                  "evaluate: %s done after %.0f s%n",
                                  name,
                                  (System.nanoTime() - started) / 1e9);
                              stderr.flush();
                            }
                          }));
            } catch (IllegalArgumentException e) {
              unusable(e.getMessage());
            }
          });
      List<TraceEvaluation> results = awaitEach(running);
      if (results.isEmpty()) {
        throw new IllegalArgumentException(unusable.get(0));
      }
      for (TraceEvaluation result : results) {
        SuiteReport.printTrace(stdout, result);
      }
      SuiteReport.printSummary(stdout, results);
      stdout.flush();
      if (out != null) {
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          SuiteReport.writeCsv(writer, results);
        }
        stderr.printf("evaluate: wrote %s%n", out);
      }
      if (html != null) {
        String version = HeadroomCommand.class.getPackage().getImplementationVersion();
        Files.writeString(
            html,
            SuitePage.render(results, version == null ? "dev" : version),
            StandardCharsets.UTF_8);
        stderr.printf("evaluate: wrote %s%n", html);
      }
      stderr.printf(
          Locale.ROOT,
          "evaluate: %d traces in %.0f s%n",
          results.size(),
          (System.nanoTime() - started) / 1e9);
      stderr.flush();
      return exitCode();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One setting swept over values: its short label in the table, its name, the suite at a value.
   */
  private record Sweep(
      String label, String name, List<Double> values, DoubleFunction<SuiteSettings> at) {}

  /**
   * The scaling suite at each value of the swept setting, then leave-one-trace-out: the value a
   * trace would have got without it.
   */
  private void sweep(Map<String, Trace> suite, Sweep swept, ExecutorService pool, long started)
      throws InterruptedException {
    PrintWriter stdout = commandSpec.commandLine().getOut();
    PrintWriter stderr = commandSpec.commandLine().getErr();
    Map<Double, List<TraceEvaluation>> runs = new LinkedHashMap<>();
    SuiteSettings settings = null;
    for (double value : swept.values()) {
      settings = swept.at().apply(value);
      TraceSuite runner = new TraceSuite(settings.withoutForecasts());
      Map<String, CompletableFuture<TraceEvaluation>> running = new LinkedHashMap<>();
      suite.forEach((name, trace) -> running.put(name, runner.evaluate(name, trace, pool)));
      runs.put(value, awaitAll(running));
      stderr.printf(
          Locale.ROOT,
          "evaluate: %s %s done after %.0f s%n",
          swept.name(),
          Numbers.exact(value),
          (System.nanoTime() - started) / 1e9);
      stderr.flush();
    }
    stdout.printf(
        Locale.ROOT,
        "predictive tau_U @ replica-hours, as multiples of the hpa %d%% run's (* = goal met)%n",
        settings.policyTarget());
    stdout.printf(Locale.ROOT, "  %-34s", "trace");
    runs.keySet()
        .forEach(v -> stdout.printf(Locale.ROOT, " %16s", swept.label() + " " + Numbers.exact(v)));
    stdout.println();
    List<String> names =
        runs.values().iterator().next().stream().map(TraceEvaluation::name).toList();
    for (int i = 0; i < names.size(); i++) {
      stdout.printf(Locale.ROOT, "  %-34s", names.get(i));
      for (List<TraceEvaluation> results : runs.values()) {
        TraceEvaluation r = results.get(i);
        stdout.printf(
            Locale.ROOT,
            " %16s",
            String.format(
                Locale.ROOT,
                "%.2f @ %.3f%s",
                r.tauURatio(),
                r.replicaHoursRatio(),
                LeaveOneOut.meetsGoal(r) ? "*" : ""));
      }
      stdout.println();
    }
    LeaveOneOut.Result choice = LeaveOneOut.choose(runs);
    stdout.printf(
        Locale.ROOT,
        "%nleave one trace out (rank: traces meeting the goal, then tau_U below the HPA frontier):%n");
    for (LeaveOneOut.Choice held : choice.heldOut()) {
      stdout.printf(
          Locale.ROOT,
          "  %-34s chosen without it: %s %s -> tau_U x%.2f at x%.3f%s%n",
          held.trace(),
          swept.label(),
          Numbers.exact(held.value()),
          held.held().tauURatio(),
          held.held().replicaHoursRatio(),
          LeaveOneOut.meetsGoal(held.held()) ? " (goal met)" : "");
    }
    stdout.printf(
        Locale.ROOT,
        "chosen on all traces: %s %s; held out, the goal was met on %d of %d traces%n",
        swept.label(),
        Numbers.exact(choice.chosenOnAll()),
        choice.heldOutMet(),
        choice.heldOut().size());
    stdout.flush();
  }

  private static double budget(String option, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(option + ": " + value + " must be in [0, 1)");
    }
    return value;
  }

  /** Every trace's results; a trace whose evaluation refused its data is left out, and named. */
  private List<TraceEvaluation> awaitEach(Map<String, CompletableFuture<TraceEvaluation>> running)
      throws InterruptedException {
    List<TraceEvaluation> results = new ArrayList<>();
    for (var entry : running.entrySet()) {
      try {
        results.add(entry.getValue().get());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof IllegalArgumentException refused)) {
          throw new IllegalStateException(entry.getKey() + ": " + e.getCause(), e.getCause());
        }
        unusable(entry.getKey() + ": " + refused.getMessage());
      }
    }
    return results;
  }

  /** The results in the traces' order; a trace that failed is bad input named by the trace. */
  private static List<TraceEvaluation> awaitAll(
      Map<String, CompletableFuture<TraceEvaluation>> running) throws InterruptedException {
    List<TraceEvaluation> results = new ArrayList<>();
    for (var entry : running.entrySet()) {
      try {
        results.add(entry.getValue().get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new IllegalArgumentException(entry.getKey() + ": " + cause.getMessage(), cause);
      }
    }
    return results;
  }

  private Map<String, Trace> load() throws IOException {
    if (traces.isEmpty() && !synthetic) {
      throw new IllegalArgumentException(
          "--traces: name at least one trace file or folder (or add --synthetic)");
    }
    Map<String, Trace> suite = new LinkedHashMap<>();
    for (Path path : traces) {
      for (Path file : files(path)) {
        try {
          Trace trace = traceInput.read(file);
          if (trace.size() < 2) {
            throw new IllegalArgumentException(
                "--traces: " + file + " has " + trace.size() + " rows; at least 2 are needed");
          }
          suite.put(name(file), trace);
        } catch (IllegalArgumentException | IOException e) {
          unusable(e instanceof IOException ? file + ": " + e.getMessage() : e.getMessage());
        }
      }
    }
    if (suite.isEmpty() && !synthetic && !unusable.isEmpty()) {
      throw new IllegalArgumentException(unusable.get(0));
    }
    if (synthetic) {
      for (long seed : SYNTHETIC_SEEDS) {
        for (String name : RegimeChangeTraces.NAMES) {
          String label = "synthetic " + name + (seed == SYNTHETIC_SEEDS.get(0) ? "" : " s" + seed);
          suite.put(label, RegimeChangeTraces.create(name, seed));
        }
      }
    }
    return suite;
  }

  private static List<Path> files(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("--traces: " + path + " is neither a file nor a folder");
    }
    try (Stream<Path> listing = Files.list(path)) {
      List<Path> found =
          listing
              .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
              .sorted()
              .toList();
      if (found.isEmpty()) {
        throw new IllegalArgumentException(
            "--traces: " + path + " holds no *.csv or *.csv.gz file");
      }
      return found;
    }
  }

  private static String name(Path file) {
    String name = file.getFileName().toString();
    return name.replaceFirst("\\.gz$", "").replaceFirst("\\.csv$", "");
  }

  /** Formats the suite's results: one table per trace, the summary against the goals, the CSV. */
  static final class SuiteReport {
    private SuiteReport() {}

    static void printTrace(PrintWriter out, TraceEvaluation r) {
      out.printf(
          Locale.ROOT,
          "%n== %s: %d points at %s, capacity %s per replica (peak / 30), warm-up %s%n",
          r.name(),
          r.points(),
          DurationText.format(r.step()),
          Numbers.exact(r.capacity()),
          DurationText.format(r.forecastWarmup()));
      out.printf(
          Locale.ROOT,
          "  %-10s %8s %8s %8s %9s %7s %7s%n",
          "horizon",
          "relMAE",
          "sMAPE%",
          "MASE",
          "coverage",
          "width",
          "score");
      for (TraceEvaluation.HorizonAccuracy h : r.forecasts()) {
        var a = h.report();
        out.printf(
            Locale.ROOT,
            "  %-10s %8.3f %8.1f %8.3f %8.1f%% %7.2f %7.2f%n",
            DurationText.format(h.horizon()),
            a.relMae(),
            a.smape(),
            a.mase(),
            100 * a.coverage(),
            a.relativeWidth(),
            a.relativeIntervalScore());
      }
      out.printf(
          Locale.ROOT,
          "  %-22s %9s %9s %14s %9s%n",
          "policy",
          "tau_U %",
          "theta_U %",
          "replica-hours",
          "actions");
      r.hpa().forEach((target, run) -> row(out, "hpa " + target + "%", run));
      row(out, "predictive (" + r.policyTarget() + "%)", r.predictive());
      row(out, "seasonal-naive", r.seasonalNaive());
      row(out, "oracle", r.oracle());
      out.printf(
          Locale.ROOT,
          "  predictive: tau_U x%.2f of hpa %d%% at x%.3f its replica-hours; the frontier there: %.3f%%%n",
          r.tauURatio(),
          r.policyTarget(),
          r.replicaHoursRatio(),
          r.frontier().tauUAt(r.predictive().replicaHours()));
    }

    private static void row(PrintWriter out, String name, BacktestResult run) {
      out.printf(
          Locale.ROOT,
          "  %-22s %9.3f %9.3f %14.1f %9d%n",
          name,
          run.tauU(),
          run.thetaU(),
          run.replicaHours(),
          run.scalingActions());
    }

    static void printSummary(PrintWriter out, List<TraceEvaluation> results) {
      out.printf(
          Locale.ROOT,
          "%n== summary (goals: relMAE <= 0.85 at 15m/60m and <= 1 everywhere, coverage 90-98%%;"
              + " predictive tau_U <= 50%% of hpa 70%% at <= 105%% replica-hours, else below the frontier and the"
              + " seasonal-naive point)%n");
      out.printf(
          Locale.ROOT,
          "  %-34s %8s %8s %8s %9s  %-9s %-9s %-11s %-12s %s%n",
          "trace",
          "rel15m",
          "rel60m",
          "rel24h",
          "coverage",
          "tau_U",
          "rh",
          "goal",
          "frontier",
          "oracle rh");
      for (TraceEvaluation r : results) {
        out.printf(
            Locale.ROOT,
            "  %-34s %8s %8s %8s %9s  x%-8.2f x%-8.3f %-11s %-12s x%.3f%n",
            r.name(),
            relMae(r, 15),
            relMae(r, 60),
            relMae(r, 1440),
            coverage(r),
            r.tauURatio(),
            r.replicaHoursRatio(),
            verdict(r),
            r.frontier().beatenBy(r.predictive()) ? "below" : "NOT below",
            r.oracle().replicaHours() / r.reference().replicaHours());
      }
    }

    /** "met", or why not. */
    static String verdict(TraceEvaluation r) {
      if (r.reference().tauU() == 0) {
        return "hpa at 0";
      }
      boolean met = r.tauURatio() <= 0.5 && r.replicaHoursRatio() <= 1.05;
      if (met) {
        return "met";
      }
      BacktestResult sn = r.seasonalNaive();
      boolean dominatedBySeasonalNaive =
          sn.tauU() <= r.predictive().tauU() && sn.replicaHours() <= r.predictive().replicaHours();
      return dominatedBySeasonalNaive ? "not met, sn" : "not met";
    }

    private static String relMae(TraceEvaluation r, long minutes) {
      return r.forecasts().stream()
          .filter(h -> h.horizon().toMinutes() == minutes)
          .findFirst()
          .map(h -> String.format(Locale.ROOT, "%.3f", h.report().relMae()))
          .orElse("-");
    }

    private static String coverage(TraceEvaluation r) {
      double min =
          r.forecasts().stream().mapToDouble(h -> h.report().coverage()).min().orElse(Double.NaN);
      double max =
          r.forecasts().stream().mapToDouble(h -> h.report().coverage()).max().orElse(Double.NaN);
      return Double.isNaN(min)
          ? "-"
          : String.format(Locale.ROOT, "%.0f-%.0f%%", 100 * min, 100 * max);
    }

    static void writeCsv(Writer out, List<TraceEvaluation> results) throws IOException {
      out.write("trace,section,item,metric,value\n");
      for (TraceEvaluation r : results) {
        String trace = csv(r.name());
        for (TraceEvaluation.HorizonAccuracy h : r.forecasts()) {
          String item = DurationText.format(h.horizon());
          var a = h.report();
          line(out, trace, "forecast", item, "relMAE", a.relMae());
          line(out, trace, "forecast", item, "sMAPE", a.smape());
          line(out, trace, "forecast", item, "MASE", a.mase());
          line(out, trace, "forecast", item, "coverage", a.coverage());
          line(out, trace, "forecast", item, "relative_width", a.relativeWidth());
          line(out, trace, "forecast", item, "interval_score", a.relativeIntervalScore());
        }
        Map<String, BacktestResult> runs = new LinkedHashMap<>();
        r.hpa().forEach((target, run) -> runs.put("hpa-" + target, run));
        runs.put("predictive", r.predictive());
        runs.put("seasonal-naive", r.seasonalNaive());
        runs.put("oracle", r.oracle());
        for (var run : runs.entrySet()) {
          BacktestResult b = run.getValue();
          line(out, trace, "scaling", run.getKey(), "tau_U", b.tauU());
          line(out, trace, "scaling", run.getKey(), "theta_U", b.thetaU());
          line(out, trace, "scaling", run.getKey(), "replica_hours", b.replicaHours());
          line(out, trace, "scaling", run.getKey(), "scaling_actions", b.scalingActions());
        }
        line(out, trace, "scaling", "capacity", "per_replica", r.capacity());
        line(out, trace, "forecast", "warmup", "seconds", r.forecastWarmup().toSeconds());
        line(out, trace, "scaling", "warmup", "seconds", r.scalingWarmup().toSeconds());
      }
    }

    private static void line(
        Writer out, String trace, String section, String item, String metric, double value)
        throws IOException {
      out.write(
          trace + "," + section + "," + item + "," + metric + "," + Numbers.exact(value) + "\n");
    }

    private static String csv(String text) {
      return text.contains(",") || text.contains("\"")
          ? "\"" + text.replace("\"", "\"\"") + "\""
          : text;
    }
  }
}
