package io.headroom.cli;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.backtest.QueueBacktestResult;
import io.headroom.core.backtest.QueueBacktestSettings;
import io.headroom.core.backtest.QueueBacktester;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.ScaledObject;
import io.headroom.core.scaling.Behavior;
import io.headroom.core.scaling.PredictiveSettings;
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
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code ./headroom backtest --model queue}: the trace is arrivals per step into a queue whose
 * consumers KEDA's Kafka scaler and the HPA scale on the backlog ({@link QueueBacktester}). A
 * {@code @Mixin} of {@link BacktestCommand}, which hands over when the model is {@value #MODEL}.
 */
final class QueueModelOptions {
  static final String MODEL = "queue";

  @Option(
      names = "--service-rate",
      paramLabel = "N",
      description = "(--model queue) items one ready consumer processes per trace step")
  Double serviceRate;

  @Option(
      names = "--backlog",
      paramLabel = "N",
      description = "(--model queue) items waiting at the start (default: 0)")
  Long backlog;

  @Option(
      names = "--lag-threshold",
      paramLabel = "N",
      description = "(--model queue) KEDA lagThreshold: target lag per replica (default: 10)")
  Long lagThreshold;

  @Option(
      names = "--activation-lag-threshold",
      paramLabel = "N",
      description =
          "(--model queue) KEDA activationLagThreshold: scale from/to zero around it (default: 0)")
  Long activationLagThreshold;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "(--model queue) topic partitions: consumers beyond them idle, KEDA caps the lag at them"
              + " (default: 0, a queue without partitions)")
  Integer partitions;

  @Option(
      names = "--limit-to-partitions-with-lag",
      description = "(--model queue) KEDA limitToPartitionsWithLag")
  boolean limitToPartitionsWithLag;

  @Option(
      names = "--min-replicas",
      paramLabel = "N",
      description = "(--model queue) KEDA minReplicaCount (default: 0)")
  Integer minReplicas;

  @Option(
      names = "--max-replicas",
      paramLabel = "N",
      description = "(--model queue) KEDA maxReplicaCount (default: 100)")
  Integer maxReplicas;

  @Option(
      names = "--cooldown",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "(--model queue) KEDA cooldownPeriod before scaling to zero (default: 5m)")
  Duration cooldown;

  @Option(
      names = "--wait-slo",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "(--model queue) an item waiting longer is late (default: 1m)")
  Duration waitSlo;

  /**
   * True when the backtest replays the queue model. Otherwise its options are refused, and the
   * request model's {@code --capacity} is required (it is optional on the command for this model).
   */
  boolean selected(String model, double capacity) {
    if (MODEL.equalsIgnoreCase(model.strip())) {
      return true;
    }
    if (serviceRate != null || backlog != null || lagThreshold != null || partitions != null) {
      throw new IllegalArgumentException(
          "--service-rate, --backlog, --lag-threshold, --partitions: only with --model queue");
    }
    if (capacity == 0) {
      throw new IllegalArgumentException(
          "--capacity: missing, give the load one replica serves (or --model queue"
              + " --service-rate N)");
    }
    return false;
  }

  /** The whole queue backtest, with the command's trace, timing and timeline options. */
  int run(BacktestCommand command) throws IOException {
    refuse(command.compare, "--compare");
    refuse(command.specFile != null, "--spec");
    refuse(command.jobView.enabled, "--job-view");
    String policy = command.policy.strip().toLowerCase(Locale.ROOT);
    refuse(!policy.equals("hpa") && !policy.equals("predictive"), "--policy " + command.policy);
    QueueBacktestSettings settings = settings(command);
    QueueBacktester backtester = new QueueBacktester(settings);
    if (policy.equals("predictive")) {
      Duration lead =
          command.lead != null ? command.lead : settings.startup().plus(settings.sync());
      backtester.withPrediction(
          new QueueBacktester.Prediction(
              Forecasters.names().get(0),
              new PredictiveSettings(
                  settings.serviceRate(),
                  lead,
                  command.quantile,
                  PredictiveSettings.DEFAULT_INTERVAL_LEVEL)));
      out(command)
          .printf(
              Locale.ROOT,
              "forecast  model %s of the arrivals, lead %s, quantile %.3f%n",
              Forecasters.names().get(0),
              DurationText.format(lead),
              command.quantile);
    }
    Trace trace = command.traceInput.read(command.trace);
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("--trace: " + command.trace + " has no rows");
    }
    PrintWriter out = command.commandSpec.commandLine().getOut();
    describe(out, command.trace, trace, settings);
    long started = System.nanoTime();
    QueueBacktestResult result;
    try (Writer writer =
        command.timeline == null
            ? null
            : new BufferedWriter(
                Files.newBufferedWriter(command.timeline, StandardCharsets.UTF_8), 1 << 16)) {
      result = backtester.run(trace, writer);
    }
    PrintWriter err = command.commandSpec.commandLine().getErr();
    err.printf(
        Locale.ROOT,
        "queue: replayed in %.2f s%s%n",
        (System.nanoTime() - started) / 1e9,
        command.timeline == null ? "" : ", timeline " + command.timeline);
    err.flush();
    print(out, result);
    out.flush();
    return 0;
  }

  private static PrintWriter out(BacktestCommand command) {
    return command.commandSpec.commandLine().getOut();
  }

  private static void refuse(boolean given, String option) {
    if (given) {
      throw new IllegalArgumentException(option + ": not available with --model queue");
    }
  }

  private QueueBacktestSettings settings(BacktestCommand command) {
    if (serviceRate == null || !(serviceRate > 0) || serviceRate.isInfinite()) {
      throw new IllegalArgumentException(
          "--service-rate: "
              + (serviceRate == null ? "missing" : Numbers.readable(serviceRate))
              + ", must be > 0 (items one consumer processes per trace step)");
    }
    if (command.timeline != null) {
      Path directory = command.timeline.toAbsolutePath().getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "--timeline: directory " + directory + " does not exist");
      }
    }
    KafkaLagSettings lag;
    ScaledObject scaledObject;
    try {
      lag =
          KafkaLagSettings.DEFAULTS
              .withLagThreshold(orDefault(lagThreshold, KafkaLagSettings.DEFAULT_LAG_THRESHOLD))
              .withActivationLagThreshold(orDefault(activationLagThreshold, 0L))
              .withLimitToPartitionsWithLag(limitToPartitionsWithLag);
      scaledObject =
          new ScaledObject(
              orDefault(minReplicas, 0),
              orDefault(maxReplicas, ScaledObject.DEFAULT_MAX_REPLICA_COUNT),
              orDefault(cooldown, ScaledObject.DEFAULT_COOLDOWN),
              Behavior.defaults());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(optionName(e.getMessage()), e);
    }
    if (limitToPartitionsWithLag && orDefault(partitions, 0) == 0) {
      throw new IllegalArgumentException(
          "--limit-to-partitions-with-lag: needs --partitions N (a topic)");
    }
    try {
      return QueueBacktestSettings.withServiceRate(serviceRate)
          .withInitialBacklog(orDefault(backlog, 0L))
          .withPartitions(orDefault(partitions, 0))
          .withLag(lag)
          .withScaledObject(scaledObject)
          .withTiming(command.startup, command.sync, command.warmup)
          .withWaitSlo(orDefault(waitSlo, QueueBacktestSettings.DEFAULT_WAIT_SLO));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(optionName(e.getMessage()), e);
    }
  }

  /** Core names fields as KEDA does; the user typed options. */
  private static String optionName(String message) {
    return message
        .replace("activationLagThreshold", "--activation-lag-threshold")
        .replace("lagThreshold", "--lag-threshold")
        .replace("minReplicaCount", "--min-replicas")
        .replace("maxReplicaCount", "--max-replicas")
        .replace("cooldownPeriod", "--cooldown")
        .replace("backlog:", "--backlog:")
        .replace("partitions:", "--partitions:")
        .replace("waitSlo", "--wait-slo")
        .replace("startup:", "--startup:")
        .replace("sync:", "--sync:")
        .replace("warmup:", "--warmup:");
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static void describe(
      PrintWriter out, Path file, Trace trace, QueueBacktestSettings settings) {
    out.printf(
        Locale.ROOT,
        "trace     %s: %d points at %s, %s .. %s (arrivals per step)%s%n",
        file.getFileName(),
        trace.size(),
        DurationText.format(trace.step()),
        trace.points().get(0).timestamp(),
        trace.points().get(trace.size() - 1).timestamp(),
        trace.skippedRows() > 0 ? " (skipped " + trace.skippedRows() + " bad rows)" : "");
    KafkaLagSettings lag = settings.lag();
    out.printf(
        Locale.ROOT,
        "queue     service rate %s per consumer per %s, backlog %d at the start, %s%n",
        Numbers.readable(settings.serviceRate()),
        DurationText.format(trace.step()),
        settings.initialBacklog(),
        settings.partitions() == 0
            ? "not partitioned"
            : settings.partitions()
                + " partitions"
                + (lag.limitToPartitionsWithLag() ? " (cap: partitions with lag)" : ""));
    ScaledObject scaled = settings.scaledObject();
    out.printf(
        Locale.ROOT,
        "keda      lagThreshold %d, activationLagThreshold %d, replicas %d..%d, cooldown %s,"
            + " HPA default behavior%n",
        lag.lagThreshold(),
        lag.activationLagThreshold(),
        scaled.minReplicaCount(),
        scaled.maxReplicaCount(),
        DurationText.format(scaled.cooldownPeriod()));
    out.printf(
        Locale.ROOT,
        "service   startup %s, sync %s, warm-up %s, wait SLO %s%n",
        DurationText.format(settings.startup()),
        DurationText.format(settings.sync()),
        DurationText.format(settings.warmup()),
        DurationText.format(settings.waitSlo()));
  }

  private static void print(PrintWriter out, QueueBacktestResult result) {
    BacktestResult elasticity = result.elasticity();
    out.println();
    out.printf(
        Locale.ROOT,
        "policy %s (KEDA Kafka scaler + HPA), %d decision steps evaluated (%d with arrivals)%n",
        elasticity.policy(),
        elasticity.steps(),
        elasticity.demandSteps());
    row(out, "items_arrived", result.arrived());
    row(out, "items_served", result.served());
    row(out, "backlog_at_end", result.finalBacklog());
    row(out, "peak_backlog", result.peakBacklog());
    row(out, "max_wait (s)", result.maxWaitSeconds());
    row(out, "mean_wait (s)", result.meanWaitSeconds());
    row(out, "over_slo_time (%)", result.overSloTimePercent());
    row(out, "late_items", result.lateItems());
    row(out, "late_items (%)", result.lateItemsPercent());
    row(out, "theta_U (%)", elasticity.thetaU());
    row(out, "theta_O (%)", elasticity.thetaO());
    row(out, "tau_U (%)", elasticity.tauU());
    row(out, "tau_O (%)", elasticity.tauO());
    row(out, "replica_hours", elasticity.replicaHours());
    row(out, "scaling_actions", elasticity.scalingActions());
    row(out, "reversals", elasticity.reversals());
    row(out, "scale_from_zero", result.scaleFromZero());
    row(out, "scale_to_zero", result.scaleToZero());
    if (elasticity.policy().endsWith("predictive")) {
      out.printf(
          Locale.ROOT,
          "  forecast raised the count in %d decisions; %d decisions ran without a trusted forecast%n",
          elasticity.forecastRaised(),
          elasticity.forecastUntrusted());
    }
  }

  private static void row(PrintWriter out, String name, double value) {
    out.printf(Locale.ROOT, "  %-20s %14s%n", name, Numbers.readable(value));
  }
}
