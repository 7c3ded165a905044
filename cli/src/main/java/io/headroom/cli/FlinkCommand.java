package io.headroom.cli;

import io.headroom.flink.HeadroomJobs;
import io.headroom.flink.JobArguments;
import io.headroom.flink.JobSettings;
import io.headroom.flink.forecast.ForecastJob;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.scaling.ScalingJob;
import io.headroom.flink.scaling.ScalingSettings;
import io.headroom.ingest.BrokerCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./headroom flink forecast|scaling ...} runs a job on a local MiniCluster until Ctrl-C;
 * {@code ./headroom flink submit|list|cancel|savepoint} manage jobs on a Flink cluster through its
 * REST API (the local session cluster of {@code up} by default); {@code ./headroom flink
 * submit-help} prints the {@code flink run} commands for a real cluster. Options are handed to the
 * jobs' own argument parser, so the CLI and {@code flink run} accept the same {@code --option
 * value} pairs.
 */
@Command(
    name = "flink",
    mixinStandardHelpOptions = true,
    description =
        "Run the Flink jobs on a local MiniCluster, or submit and manage them on a Flink cluster.",
    subcommands = {
      FlinkCommand.Forecast.class,
      FlinkCommand.Scaling.class,
      FlinkSubmitCommand.class,
      FlinkListCommand.class,
      FlinkCancelCommand.class,
      FlinkSavepointCommand.class,
      FlinkCommand.SubmitHelp.class
    })
final class FlinkCommand implements Runnable {
  static final String JOB_JAR = "flink-jobs/target/headroom-flink-jobs-0.1.0-SNAPSHOT-job.jar";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options both jobs take. */
  static class Common {
    @Option(
        names = "--bootstrap",
        required = true,
        paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
        names = "--checkpoint-dir",
        paramLabel = "DIR",
        description =
            "Where checkpoints go (kept on Ctrl-C, to restart with --restore). Default: in memory.")
    String checkpointDir;

    @Option(
        names = "--checkpoint-interval",
        paramLabel = "DURATION",
        description = "Default 10s; also the output latency (exactly-once).")
    String checkpointInterval;

    @Option(names = "--parallelism", paramLabel = "N", description = "Default 1.")
    String parallelism;

    @Option(
        names = "--restore",
        paramLabel = "PATH",
        description = "Start from this savepoint or retained checkpoint.")
    String restore;

    @Option(
        names = "--delivery",
        paramLabel = "GUARANTEE",
        description = "exactly-once (default) or at-least-once.")
    String delivery;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group of the source.")
    String groupId;

    @Option(
        names = "--option",
        paramLabel = "KEY=VALUE",
        description =
            "Any other job option (see docs/flink.md), e.g. --option short-horizon=4h or --option kafka.security.protocol=SSL.")
    Map<String, String> options = new LinkedHashMap<>();

    @CommandLine.Mixin KafkaClientOptions kafka = new KafkaClientOptions();

    Map<String, String> arguments() {
      Map<String, String> args = new LinkedHashMap<>(options);
      kafka.properties().forEach((key, value) -> args.put(JobArguments.KAFKA_PREFIX + key, value));
      put(args, "bootstrap", bootstrap);
      put(args, "checkpoint-dir", checkpointDir);
      put(args, "checkpoint-interval", checkpointInterval);
      put(args, "parallelism", parallelism);
      put(args, "delivery", delivery);
      put(args, "group-id", groupId);
      return args;
    }

    static void put(Map<String, String> args, String key, String value) {
      if (value != null) {
        args.put(key, value);
      }
    }
  }

  @Command(
      name = "forecast",
      mixinStandardHelpOptions = true,
      description =
          "Run the forecasting job (metrics.windows -> load.forecasts) on a local MiniCluster until Ctrl-C.")
  static final class Forecast implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--metrics",
        paramLabel = "METRIC[:STAT],...",
        description = "Series to forecast. Default requests:sum.")
    String metrics;

    @Option(
        names = "--model",
        paramLabel = "NAME",
        description = "Forecaster preset. Default auto.")
    String model;

    @Option(
        names = "--warm-start-clickhouse",
        paramLabel = "HTTP_URL",
        description =
            "Seed each series' models from its stored windows (percentile_windows) before it goes"
                + " live, e.g. http://127.0.0.1:8123. Default: no warm start.")
    String warmStartClickhouse;

    @Option(
        names = "--warm-start-days",
        paramLabel = "N",
        description = "How much history warm start reads. Default 14.")
    String warmStartDays;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = common.arguments();
      Common.put(args, "metrics", metrics);
      Common.put(args, "model", model);
      Common.put(args, "warm-start-clickhouse", warmStartClickhouse);
      Common.put(args, "warm-start-days", warmStartDays);
      ForecastSettings settings = ForecastSettings.fromArguments(JobArguments.of(args));
      return runUntilStopped(
          new JobSettings(settings, null, common.restore, null), ForecastJob.NAME);
    }
  }

  @Command(
      name = "scaling",
      mixinStandardHelpOptions = true,
      description =
          "Run the scaling-commands job (windows + forecasts -> scaling.commands) on a local MiniCluster until Ctrl-C.")
  static final class Scaling implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--targets",
        required = true,
        paramLabel = "FILE",
        description =
            "Targets YAML: names, policies and pasted HPA specs. Re-read every 10 s; edits apply without a restart.")
    Path targets;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = common.arguments();
      args.put("targets", targets.toString());
      ScalingSettings settings = ScalingSettings.fromArguments(JobArguments.of(args));
      return runUntilStopped(
          new JobSettings(null, settings, null, common.restore), ScalingJob.NAME);
    }
  }

  @Command(
      name = "submit-help",
      mixinStandardHelpOptions = true,
      description = "Print the flink run commands that submit the job jar to a real Flink cluster.")
  static final class SubmitHelp implements Callable<Integer> {
    @Override
    public Integer call() {
      String jar =
          Files.isRegularFile(Path.of(JOB_JAR))
              ? Path.of(JOB_JAR).toAbsolutePath().toString()
              : JOB_JAR;
      System.out.println(
          "# Build the job jar (Flink runtime left out, Kafka connector and Headroom core inside):");
      System.out.println("mvn -B -pl flink-jobs -am package -DskipTests");
      System.out.println("# Forecasting job:");
      System.out.println(
          "flink run -d -c "
              + ForecastJob.class.getName()
              + " "
              + jar
              + " --bootstrap kafka:9092 --checkpoint-dir s3://bucket/headroom/checkpoints --parallelism 4");
      System.out.println(
          "# Scaling-commands job (the targets file must be readable on the TaskManagers, e.g. a mounted ConfigMap):");
      System.out.println(
          "flink run -d -c "
              + ScalingJob.class.getName()
              + " "
              + jar
              + " --bootstrap kafka:9092 --targets /etc/headroom/targets.yaml --checkpoint-dir s3://bucket/headroom/checkpoints");
      System.out.println(
          "# Upgrade with state: flink stop --savepointPath s3://bucket/headroom/savepoints <job-id>, then flink run -s <savepoint> ...");
      System.out.println(
          "# Or through the cluster's REST API, without the flink CLI: ./headroom flink submit forecast|scaling --rest URL -- <job options>");
      System.out.println(
          "# and: ./headroom flink savepoint <job-id> --stop --rest URL, then flink submit ... --from-savepoint <path> [--parallelism N]");
      System.out.println("# Every option: docs/flink.md");
      return 0;
    }
  }

  /** SIGTERM's promise: stopped within 10 s, JVM exit included. */
  static final Duration STOP_LIMIT = Duration.ofSeconds(7);

  /**
   * Cancels the jobs and stops the MiniCluster, giving up after {@code limit}: a task's Kafka
   * clients can wait out their own timeouts on a broker that does not answer. Giving up loses
   * nothing: the job restores from its last checkpoint, and a transaction it left open is aborted
   * then.
   */
  static void stopWithin(HeadroomJobs.Running running, String job, Duration limit) {
    try {
      CompletableFuture.runAsync(
              () -> {
                try {
                  running.close();
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              })
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      System.err.println(
          "headroom: "
              + job
              + " did not stop within "
              + limit.toSeconds()
              + " s; exiting anyway (it restores from its last checkpoint)");
    } catch (ExecutionException e) {
      System.err.println("headroom: stopping " + job + " failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int runUntilStopped(JobSettings settings, String job) throws Exception {
    // A Kafka source retries an unreachable broker forever: say so at once instead of looking hung.
    KafkaSettings kafka =
        settings.forecast() != null ? settings.forecast().kafka() : settings.scaling().kafka();
    Properties client = kafka.clientProperties(new Properties());
    client.put("bootstrap.servers", kafka.bootstrapServers());
    BrokerCheck.requireReachable(client, BrokerCheck.CONNECT_TIMEOUT);
    HeadroomJobs.Running running = HeadroomJobs.startOnMiniCluster(settings);
    Thread hook = new Thread(() -> stopWithin(running, job, STOP_LIMIT), "flink-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println(
        "headroom: "
            + job
            + " running on a local MiniCluster; Ctrl-C stops it"
            + (settings.forecast() != null && settings.forecast().runtime().checkpointDir() != null
                    || settings.scaling() != null
                        && settings.scaling().runtime().checkpointDir() != null
                ? " (checkpoints are kept for --restore)"
                : ""));
    running.awaitTermination();
    return 0;
  }
}
