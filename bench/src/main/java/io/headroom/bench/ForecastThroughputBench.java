package io.headroom.bench;

import io.headroom.flink.HeadroomJobs;
import io.headroom.flink.JobArguments;
import io.headroom.flink.JobSettings;
import io.headroom.flink.forecast.ForecastJob;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.ingest.TopicSetup;
import io.headroom.stack.BrokerJars;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStack;
import io.headroom.stack.StackEndpoints;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.common.TopicPartition;

/**
 * (g) The forecast job's throughput ({@code ./headroom bench --flink-only}): windows of {@link
 * ForecastWorkload} on a local broker, the job jar submitted to a session cluster of one
 * TaskManager as users submit it, then the same job on a MiniCluster in this JVM, one after the
 * other in the same run, so their ratio is not skewed by the machine's load of another hour.
 *
 * <p>A run is timed from the job RUNNING until its consumer group has committed every window's
 * offset. The group commits on checkpoints, and a checkpoint completes only once every window
 * before its barrier has passed through the forecast function (the barriers are aligned), so a
 * committed end means every window applied. The broker answers alike for both clusters, which the
 * {@code windowsApplied} counter does not: the MiniCluster here has no REST API, and the session
 * cluster's REST metrics are refreshed only every 10 s. The price is the checkpoint interval,
 * {@value #CHECKPOINT_INTERVAL}: the end is known to within it.
 */
public final class ForecastThroughputBench {
  static final String CHECKPOINT_INTERVAL = "1s";
  private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
  private static final String INPUT = "bench.g.windows";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
  private static final Set<JobStatus> ENDED =
      Set.of(JobStatus.FAILED, JobStatus.CANCELED, JobStatus.FINISHED, JobStatus.SUSPENDED);

  private final ForecastBenchSettings settings;
  private final ForecastSubmitter submitter;
  private final PrintStream out;

  public ForecastThroughputBench(
      ForecastBenchSettings settings, ForecastSubmitter submitter, PrintStream out) {
    this.settings = settings;
    this.submitter = submitter;
    this.out = out;
  }

  /** One measured run: the job on one cluster at one parallelism. */
  record Run(
      String cluster,
      int parallelism,
      double secondsToRunning,
      double secondsToApply,
      long windows,
      long forecasts) {
    double windowsPerSecond() {
      return windows / secondsToApply;
    }

    double windowsPerSecondPerSlot() {
      return windowsPerSecond() / parallelism;
    }
  }

  /** A job started on a cluster; closing it cancels it and frees its slots. */
  private interface StartedJob extends AutoCloseable {
    /** Fails when the job has ended: its group would never catch up. */
    void checkRunning() throws Exception;
  }

  @FunctionalInterface
  private interface JobStart {
    StartedJob start(List<String> jobOptions, int parallelism) throws Exception;
  }

  /**
   * Starts the stack and the session cluster in the settings' folder, measures, prints, and stops
   * them (removing the folder if it did not exist before).
   */
  public void run() throws Exception {
    Path stackDir = settings.stackDir().toAbsolutePath();
    boolean createdHere = !Files.exists(stackDir);
    out.println("Starting a local stack and a Flink session cluster in " + stackDir + " ...");
    try {
      StackEndpoints stack = LocalStack.up(stackDir, BrokerJars.locate(), true);
      FlinkSessionCluster cluster =
          FlinkSessionCluster.start(stackDir, FlinkJars.locate(), settings.slots());
      measure(stack.bootstrapServers(), cluster);
    } finally {
      LocalStack.down(stackDir);
      if (createdHere) {
        Benchmark.deleteRecursively(stackDir);
      }
    }
  }

  private void measure(String bootstrap, FlinkSessionCluster cluster) throws Exception {
    ForecastWorkload workload = new ForecastWorkload(settings.series(), settings.minutes());
    TopicSetup.ensure(bootstrap, Map.of(INPUT, settings.partitions(), INPUT + ".dlq", 1));
    long producing = System.nanoTime();
    workload.produce(bootstrap, INPUT);
    out.printf(
        "(g) Forecast job: %,d series x %,d one-minute windows = %,d windows on %d partitions"
            + " (produced in %.1f s); checkpoints every %s; %d cores%n",
        workload.series(),
        workload.minutes(),
        workload.windows(),
        settings.partitions(),
        seconds(producing),
        CHECKPOINT_INTERVAL,
        Runtime.getRuntime().availableProcessors());
    out.printf(
        "    session cluster: 1 JobManager, 1 TaskManager of %d slot(s) at %s; job jar %s%n",
        settings.slots(), cluster.restUrl(), settings.jobJar());
    List<Integer> parallelisms = settings.slots() > 1 ? List.of(1, settings.slots()) : List.of(1);
    List<Run[]> pairs = new ArrayList<>();
    try (KafkaProgress progress = new KafkaProgress(bootstrap)) {
      Map<TopicPartition, Long> ends = progress.endOffsets(INPUT);
      for (int parallelism : parallelisms) {
        Run session =
            timed(
                "session cluster",
                parallelism,
                bootstrap,
                cluster.checkpointsUri(),
                progress,
                ends,
                (options, p) -> onSession(cluster.client(), options, p));
        print(session);
        Run mini =
            timed(
                "MiniCluster",
                parallelism,
                bootstrap,
                cluster.checkpointsUri(),
                progress,
                ends,
                this::onMiniCluster);
        print(mini);
        pairs.add(new Run[] {session, mini});
      }
    }
    out.println();
    for (Run[] pair : pairs) {
      out.printf(
          "(g) forecast job at parallelism %d: session cluster %,.0f windows/s (%,.0f per slot),"
              + " MiniCluster %,.0f windows/s: session/MiniCluster = %.0f %%%n",
          pair[0].parallelism(),
          pair[0].windowsPerSecond(),
          pair[0].windowsPerSecondPerSlot(),
          pair[1].windowsPerSecond(),
          100 * pair[0].windowsPerSecond() / pair[1].windowsPerSecond());
    }
  }

  private Run timed(
      String where,
      int parallelism,
      String bootstrap,
      String checkpoints,
      KafkaProgress progress,
      Map<TopicPartition, Long> ends,
      JobStart start)
      throws Exception {
    // A group and an output topic of its own: the run reads the input from the start and its
    // forecasts can be counted apart.
    String tag = where.replace(' ', '-') + "-p" + parallelism + "-" + System.currentTimeMillis();
    String group = "bench-g-" + tag;
    String output = "bench.g.forecasts." + tag;
    TopicSetup.ensure(bootstrap, Map.of(output, settings.partitions()));
    List<String> options =
        List.of(
            "--bootstrap", bootstrap,
            "--input-topic", INPUT,
            "--output-topic", output,
            "--group-id", group,
            "--checkpoint-dir", checkpoints,
            "--checkpoint-interval", CHECKPOINT_INTERVAL);
    long windows = ends.values().stream().mapToLong(Long::longValue).sum();
    long submitted = System.nanoTime();
    try (StartedJob job = start.start(options, parallelism)) {
      double toRunning = seconds(submitted);
      long running = System.nanoTime();
      long deadline = running + RUN_TIMEOUT.toNanos();
      while (progress.behind(group, ends) > 0) {
        job.checkRunning();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              where + ": windows not applied after " + RUN_TIMEOUT.toMinutes() + " min");
        }
        Thread.sleep(POLL.toMillis());
      }
      double toApply = seconds(running);
      // The sink commits the forecasts of a checkpoint once it completes, as the source commits
      // its offsets: two more intervals and the last ones are readable.
      Thread.sleep(2 * CHECKPOINT_EVERY.toMillis());
      return new Run(
          where, parallelism, toRunning, toApply, windows, progress.committedRecords(output));
    }
  }

  private StartedJob onSession(FlinkRestClient client, List<String> options, int parallelism)
      throws Exception {
    String jobId = submitter.submit(client.restUrl(), settings.jobJar(), parallelism, options);
    return new StartedJob() {
      @Override
      public void checkRunning() throws Exception {
        String state = client.job(jobId).state();
        if (ENDED.contains(JobStatus.valueOf(state))) {
          throw new IllegalStateException(
              "the forecast job is "
                  + state
                  + " on the session cluster: see its logs in "
                  + "<dir>/flink/log");
        }
      }

      @Override
      public void close() throws Exception {
        client.cancel(jobId);
        // The next run needs the slots back.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ENDED.contains(JobStatus.valueOf(client.job(jobId).state()))
            && System.nanoTime() < deadline) {
          Thread.sleep(POLL.toMillis());
        }
      }
    };
  }

  private StartedJob onMiniCluster(List<String> options, int parallelism) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--parallelism", Integer.toString(parallelism)));
    ForecastSettings forecast =
        ForecastSettings.fromArguments(JobArguments.parse(args.toArray(String[]::new)));
    HeadroomJobs.Running running =
        HeadroomJobs.startOnMiniCluster(JobSettings.forecastOnly(forecast));
    try {
      running.awaitRunning(ForecastJob.NAME, Duration.ofMinutes(2));
    } catch (Exception e) {
      running.close();
      throw e;
    }
    return new StartedJob() {
      @Override
      public void checkRunning() throws Exception {
        JobStatus status = running.status(ForecastJob.NAME);
        if (ENDED.contains(status)) {
          throw new IllegalStateException("the forecast job is " + status + " on the MiniCluster");
        }
      }

      @Override
      public void close() throws Exception {
        running.close();
      }
    };
  }

  private void print(Run run) {
    out.printf(
        "(g) %-15s parallelism %d: RUNNING after %5.1f s, %,d windows applied in %5.1f s ="
            + " %,8.0f windows/s, %,8.0f per slot; %,d forecasts emitted%n",
        run.cluster(),
        run.parallelism(),
        run.secondsToRunning(),
        run.windows(),
        run.secondsToApply(),
        run.windowsPerSecond(),
        run.windowsPerSecondPerSlot(),
        run.forecasts());
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
