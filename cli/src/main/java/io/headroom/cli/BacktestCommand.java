package io.headroom.cli;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.backtest.Backtester;
import io.headroom.core.backtest.LeadBaseline;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.scaling.HpaSpec;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.suite.HpaFrontier;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import java.io.BufferedWriter;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom backtest}: replays a load trace through the HPA engine or the predictive policy
 * on the simulated service of evaluation.md, writes the timeline and prints the autoscaling
 * metrics; with {@code --compare}, both policies side by side.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replay a load trace through the reactive HPA or the predictive policy and print the autoscaling metrics",
      "(theta_U/O, tau_U/O, overflow, replica-hours, scaling actions). The timeline file lets anyone recompute them.",
    })
final class BacktestCommand implements Callable<Integer> {
  /** The default reactive spec of evaluation.md: maxReplicas large enough never to bind. */
  static final int DEFAULT_MAX_REPLICAS = 10_000;

  @Spec CommandSpec commandSpec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "CSV timestamp,value (gz allowed)")
  Path trace;

  @Option(
      names = "--capacity",
      paramLabel = "N",
      description =
          "load one ready replica serves within the SLO, in the trace's unit (requests/min)")
  double capacity;

  @Option(
      names = "--policy",
      paramLabel = "hpa|predictive",
      defaultValue = "hpa",
      description = "policy to replay (default: ${DEFAULT-VALUE}); ignored with --compare")
  String policy;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description =
          "HPA manifest or spec (YAML/JSON); default: cpu 70%% Utilization, default behavior, 1..10000 replicas")
  Path specFile;

  @Option(
      names = "--startup",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "pod start-up delay (default: ${DEFAULT-VALUE})")
  Duration startup;

  @Option(
      names = "--sync",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "decision period (default: ${DEFAULT-VALUE})")
  Duration sync;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "span at the start left out of the metrics (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "auto",
      description =
          "forecasting model of the predictive policy (default: ${DEFAULT-VALUE}); queue: the queue model")
  String model;

  @Option(
      names = "--lead",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how far ahead the predictive policy provisions (default: startup + sync)")
  Duration lead;

  @Option(
      names = "--quantile",
      paramLabel = "Q",
      defaultValue = "" + PredictiveSettings.DEFAULT_QUANTILE,
      description =
          "forecast quantile kept within capacity by the predictive policy (default: ${DEFAULT-VALUE})")
  double quantile;

  @Option(
      names = "--tail-budget",
      paramLabel = "SHARE",
      defaultValue = "" + PredictiveSettings.DEFAULT_TAIL_BUDGET,
      description =
          "share of the HPA's replicas the predictive policy may add by raising its quantile above"
              + " --quantile (up to 0.999) where that is cheap; 0 keeps --quantile fixed (default:"
              + " ${DEFAULT-VALUE})")
  double tailBudget;

  @Option(
      names = "--timeline",
      paramLabel = "OUT.csv",
      description =
          "write the timeline file; with --compare one per run (OUT.hpa.csv, OUT.predictive.csv, ...)")
  Path timeline;

  @Option(
      names = "--compare",
      description =
          "run the HPA, the predictive policy, the seasonal-naive and oracle references"
              + " and (default spec) the HPA at 50, 60 and 80%% that draw its frontier, side by side")
  boolean compare;

  @Option(
      names = "--html",
      paramLabel = "OUT.html",
      description =
          "with --compare: also write a self-contained page with the HPA frontier chart (targets 50-80%%),"
              + " the predictive and seasonal-naive points and the runs' metrics")
  Path html;

  @Mixin TraceInputOptions traceInput;

  @Mixin JobViewOptions jobView;

  @Mixin QueueModelOptions queueModel;

  @Override
  public Integer call() throws IOException {
    if (queueModel.selected(model, capacity)) {
      return queueModel.run(this);
    }
    jobView.validate(compare);
    if (html != null && !compare) {
      throw new IllegalArgumentException("--html: draws the comparison; add --compare");
    }
    List<String> policies = policies();
    BacktestSettings settings = settings();
    HpaSpec spec = spec();
    Trace loaded = traceInput.read(trace);
    if (loaded.isEmpty()) {
      throw new IllegalArgumentException("--trace: " + trace + " has no rows");
    }
    long span =
        loaded.points().get(loaded.size() - 1).timestamp().getEpochSecond()
            + loaded.step().toSeconds()
            - loaded.points().get(0).timestamp().getEpochSecond();
    if (warmup.toSeconds() >= span) {
      throw new IllegalArgumentException(
          "--warmup: "
              + DurationText.format(warmup)
              + " leaves nothing to evaluate: the trace spans "
              + DurationText.format(Duration.ofSeconds(span)));
    }
    if (timeline != null) {
      Path directory = timeline.toAbsolutePath().getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "--timeline: directory " + directory + " does not exist");
      }
    }
    if (policies.contains("predictive")) {
      Forecasters.create(model, loaded.step()); // an unknown model fails before any work
    }

    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();
    describe(out, loaded, spec, settings);
    Map<String, BacktestResult> results = new LinkedHashMap<>();
    for (String name : policies) {
      Path file = timeline == null ? null : compare ? sibling(timeline, name) : timeline;
      long started = System.nanoTime();
      try (Writer writer =
          file == null
              ? null
              : new BufferedWriter(
                  Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
        results.put(
            name,
            jobView.enabled
                ? jobView.run(
                    name,
                    JobViewOptions.specYaml(specFile, DEFAULT_MAX_REPLICAS),
                    settings,
                    loaded,
                    name.equals("predictive") ? Forecasters.create(model, loaded.step()) : null,
                    writer,
                    err)
                : run(name, spec, settings, loaded, writer));
      }
      err.printf(
          Locale.ROOT,
          "%s: %d decisions in %.2f s%s%n",
          name,
          decisions(loaded, settings),
          (System.nanoTime() - started) / 1e9,
          file == null ? "" : ", timeline " + file);
      err.flush();
    }
    out.println();
    if (results.size() == 1) {
      print(out, results.values().iterator().next());
    } else {
      printComparison(out, results, specFile == null);
    }
    if (html != null) {
      writeHtml(loaded, settings, results);
      out.println("page written to " + html.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  /**
   * One run: {@code hpa}, {@code hpa-N} (the default spec at target N %), a baseline, or {@code
   * predictive}.
   */
  private BacktestResult run(
      String name, HpaSpec spec, BacktestSettings settings, Trace loaded, Writer writer) {
    if (name.startsWith("hpa-")) {
      int target = Integer.parseInt(name.substring(4));
      return new Backtester(HpaSpec.cpu(spec.minReplicas(), spec.maxReplicas(), target), settings)
          .runReactive(loaded, writer);
    }
    Backtester backtester = new Backtester(spec, settings);
    return switch (name) {
      case "hpa" -> backtester.runReactive(loaded, writer);
      case "predictive" ->
          backtester.runPredictive(loaded, Forecasters.create(model, loaded.step()), writer);
      case "seasonal-naive" -> backtester.runBaseline(loaded, LeadBaseline.SEASONAL_NAIVE, writer);
      case "oracle" -> backtester.runBaseline(loaded, LeadBaseline.ORACLE, writer);
      default ->
          throw new IllegalArgumentException("policy: '" + name + "' is not one this command runs");
    };
  }

  private List<String> policies() {
    if (compare) {
      List<String> runs = new ArrayList<>(List.of("hpa", "predictive", "seasonal-naive", "oracle"));
      if (specFile == null) {
        runs.addAll(
            List.of(
                "hpa-50", "hpa-60", "hpa-80")); // with the default spec's 70 %: the HPA frontier
      }
      return runs;
    }
    String name = policy.strip().toLowerCase(Locale.ROOT);
    if (!name.equals("hpa") && !name.equals("predictive")) {
      throw new IllegalArgumentException(
          "--policy: '" + policy + "' is not one of hpa, predictive");
    }
    return List.of(name);
  }

  private BacktestSettings settings() {
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException(
          "--capacity: " + capacity + " must be > 0 (load one replica serves)");
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("--quantile: " + quantile + " must be in (0, 1)");
    }
    if (sync.isZero() || sync.getNano() != 0) {
      throw new IllegalArgumentException(
          "--sync: " + DurationText.format(sync) + " must be a whole number of seconds >= 1s");
    }
    if (startup.getNano() != 0) {
      throw new IllegalArgumentException(
          "--startup: " + DurationText.format(startup) + " must be a whole number of seconds");
    }
    if (!(tailBudget >= 0 && tailBudget < 1)) {
      throw new IllegalArgumentException("--tail-budget: " + tailBudget + " must be in [0, 1)");
    }
    return new BacktestSettings(
        capacity,
        startup,
        sync,
        warmup,
        lead,
        quantile,
        BacktestSettings.DEFAULT_TRUST_WINDOW,
        tailBudget);
  }

  private HpaSpec spec() throws IOException {
    if (specFile == null) {
      return HpaSpec.cpu(1, DEFAULT_MAX_REPLICAS, 70);
    }
    try {
      return HpaSpecParser.parse(specFile);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--spec " + specFile + ": " + e.getMessage(), e);
    }
  }

  private void describe(PrintWriter out, Trace loaded, HpaSpec spec, BacktestSettings settings) {
    out.printf(
        Locale.ROOT,
        "trace     %s: %d points at %s, %s .. %s%s%n",
        trace.getFileName(),
        loaded.size(),
        DurationText.format(loaded.step()),
        loaded.points().get(0).timestamp(),
        loaded.points().get(loaded.size() - 1).timestamp(),
        loaded.skippedRows() > 0 ? " (skipped " + loaded.skippedRows() + " bad rows)" : "");
    out.printf(
        Locale.ROOT,
        "spec      %s, minReplicas %d, maxReplicas %d%n",
        specFile == null ? "default (cpu 70%)" : specFile,
        spec.minReplicas(),
        spec.maxReplicas());
    out.printf(
        Locale.ROOT,
        "service   capacity %s per replica, startup %s, sync %s, warm-up %s%n",
        Numbers.readable(settings.capacity()),
        DurationText.format(settings.startup()),
        DurationText.format(settings.sync()),
        DurationText.format(settings.warmup()));
    if (compare || policy.strip().equalsIgnoreCase("predictive")) {
      out.printf(
          Locale.ROOT,
          "forecast  model %s, lead %s, quantile %s within capacity (tail budget %s),"
              + " interval level %s%n",
          model,
          DurationText.format(settings.effectiveLead()),
          Numbers.readable(settings.quantile()),
          Numbers.readable(settings.tailBudget()),
          Numbers.readable(PredictiveSettings.DEFAULT_INTERVAL_LEVEL));
    }
  }

  private static final String[] NAMES = {
    "theta_U (%)",
    "theta_O (%)",
    "tau_U (%)",
    "tau_O (%)",
    "overflow_requests",
    "overflow_share (%)",
    "replica_hours",
    "scaling_actions",
    "reversals"
  };

  private static double[] values(BacktestResult result) {
    return new double[] {
      result.thetaU(),
      result.thetaO(),
      result.tauU(),
      result.tauO(),
      result.overflowRequests(),
      result.overflowSharePercent(),
      result.replicaHours(),
      result.scalingActions(),
      result.reversals()
    };
  }

  private static void print(PrintWriter out, BacktestResult result) {
    out.printf(
        Locale.ROOT,
        "policy %s, %d decision steps evaluated (%d with demand)%n",
        result.policy(),
        result.steps(),
        result.demandSteps());
    double[] values = values(result);
    for (int i = 0; i < NAMES.length; i++) {
      out.printf(Locale.ROOT, "  %-20s %14s%n", NAMES[i], Numbers.readable(values[i]));
    }
    if (result.policy().equals("predictive")) {
      out.printf(
          Locale.ROOT,
          "  forecast raised the count in %d decisions; %d decisions ran without a trusted forecast%n",
          result.forecastRaised(),
          result.forecastUntrusted());
      printQuantile(out, result);
    }
  }

  /** The mean quantile the tail budget left in use, when the run used a forecast. */
  private static void printQuantile(PrintWriter out, BacktestResult result) {
    if (Double.isFinite(result.quantileMean())) {
      out.printf(
          Locale.ROOT,
          "  forecast quantile in use (tail budget): mean %.3f over the decisions with a trusted"
              + " forecast%n",
          result.quantileMean());
    }
  }

  /**
   * The runs side by side, each metric's change against the spec's HPA, then where the predictive
   * policy stands against the HPA frontier (what lowering the target buys) and the references.
   */
  private static void printComparison(
      PrintWriter out, Map<String, BacktestResult> results, boolean frontier) {
    BacktestResult reactive = results.get("hpa");
    BacktestResult predictive = results.get("predictive");
    List<String> order = new ArrayList<>(List.of("hpa", "predictive", "seasonal-naive", "oracle"));
    results.keySet().stream().filter(name -> name.startsWith("hpa-")).sorted().forEach(order::add);
    out.printf(
        Locale.ROOT,
        "%d decision steps evaluated (%d with demand)%n",
        reactive.steps(),
        reactive.demandSteps());
    out.printf(Locale.ROOT, "  %-20s", "metric");
    for (String name : order) {
      out.printf(
          Locale.ROOT,
          " %14s",
          name.equals("hpa") && frontier
              ? "hpa (70%)"
              : name.replace("hpa-", "hpa ") + (name.startsWith("hpa-") ? "%" : ""));
    }
    out.println();
    double[] base = values(reactive);
    for (int i = 0; i < NAMES.length; i++) {
      out.printf(Locale.ROOT, "  %-20s", NAMES[i]);
      for (String name : order) {
        double[] v = values(results.get(name));
        String change =
            name.equals("hpa") || base[i] == 0
                ? ""
                : String.format(Locale.ROOT, " %+.0f%%", 100 * (v[i] / base[i] - 1));
        out.printf(Locale.ROOT, " %14s", Numbers.readable(v[i]) + change);
      }
      out.println();
    }
    out.printf(
        Locale.ROOT,
        "  forecast raised the count in %d decisions; %d decisions ran without a trusted forecast%n",
        predictive.forecastRaised(),
        predictive.forecastUntrusted());
    printQuantile(out, predictive);
    if (frontier) {
      double atCost = frontierAt(results, predictive);
      out.printf(
          Locale.ROOT,
          "  HPA frontier (targets 50-80%%) at the predictive policy's %s replica-hours: tau_U %s%%;"
              + " predictive %s%% is %s%n",
          Numbers.readable(predictive.replicaHours()),
          Numbers.readable(atCost),
          Numbers.readable(predictive.tauU()),
          verdict(predictive, atCost));
    }
  }

  /** tau_U of the HPA frontier (every {@code hpa*} run) at the predictive run's replica-hours. */
  private static double frontierAt(Map<String, BacktestResult> results, BacktestResult predictive) {
    List<BacktestResult> reactiveRuns =
        results.entrySet().stream()
            .filter(e -> e.getKey().startsWith("hpa"))
            .map(Map.Entry::getValue)
            .toList();
    return new HpaFrontier(reactiveRuns).tauUAt(predictive.replicaHours());
  }

  private static String verdict(BacktestResult predictive, double frontierTauU) {
    return predictive.tauU() < frontierTauU
        ? "below it: the forecast pays"
        : "not below it: lowering the target would do as well";
  }

  /** The comparison as a page: the HPA frontier with the predictive and reference points. */
  private void writeHtml(
      Trace loaded, BacktestSettings settings, Map<String, BacktestResult> results)
      throws IOException {
    Map<String, BacktestResult> reactive = new LinkedHashMap<>();
    results.forEach(
        (name, run) -> {
          if (name.equals("hpa")) {
            reactive.put(
                specFile == null ? "HPA 70%" : "HPA (" + specFile.getFileName() + ")", run);
          } else if (name.startsWith("hpa-")) {
            reactive.put("HPA " + name.substring(4) + "%", run);
          }
        });
    BacktestResult predictive = results.get("predictive");
    double atCost = frontierAt(results, predictive);
    String verdict =
        String.format(
            Locale.ROOT,
            "At the predictive policy's %s replica-hours the HPA frontier reaches tau_U %s%%; the"
                + " predictive policy's %s%% is %s.",
            Numbers.readable(predictive.replicaHours()),
            Numbers.readable(atCost),
            Numbers.readable(predictive.tauU()),
            verdict(predictive, atCost));
    String description =
        String.format(
            Locale.ROOT,
            "%d points at %s; capacity %s per replica, start-up %s, sync %s, warm-up %s; forecast"
                + " model %s, lead %s.",
            loaded.size(),
            DurationText.format(loaded.step()),
            Numbers.readable(settings.capacity()),
            DurationText.format(settings.startup()),
            DurationText.format(settings.sync()),
            DurationText.format(settings.warmup()),
            model,
            DurationText.format(settings.effectiveLead()));
    String version = HeadroomCommand.class.getPackage().getImplementationVersion();
    Path file = html.toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file,
        io.headroom.cli.report.SuitePage.renderBacktest(
            trace.getFileName().toString(),
            description,
            reactive,
            predictive,
            results.get("seasonal-naive"),
            results.get("oracle"),
            verdict,
            version == null ? "dev" : version),
        StandardCharsets.UTF_8);
  }

  /** Decisions over the replayed span: from the first timestamp to one step after the last. */
  private static long decisions(Trace loaded, BacktestSettings settings) {
    long span =
        loaded.points().get(loaded.size() - 1).timestamp().getEpochSecond()
            + loaded.step().toSeconds()
            - loaded.points().get(0).timestamp().getEpochSecond();
    long sync = settings.sync().toSeconds();
    return (span + sync - 1) / sync;
  }

  /** {@code out.csv} → {@code out.hpa.csv}. */
  static Path sibling(Path file, String policy) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String sibling =
        dot > 0 ? name.substring(0, dot) + "." + policy + name.substring(dot) : name + "." + policy;
    return file.resolveSibling(sibling);
  }
}
