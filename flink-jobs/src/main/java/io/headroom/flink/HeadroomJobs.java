package io.headroom.flink;

import io.headroom.flink.forecast.ForecastJob;
import io.headroom.flink.scaling.ScalingJob;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flink jobs in this JVM, on one local MiniCluster: what {@code ./headroom flink} and the
 * demo use. A real deployment submits the job jar instead (docs/flink.md).
 *
 * <pre>{@code
 * try (HeadroomJobs.Running jobs = HeadroomJobs.startOnMiniCluster(JobSettings.both(forecast, scaling))) {
 *   ... // produce windows, read load.forecasts and scaling.commands
 * } // cancels both jobs (checkpoints in the checkpoint dir are kept) and stops the cluster
 * }</pre>
 */
public final class HeadroomJobs {
  private static final Logger LOG = LoggerFactory.getLogger(HeadroomJobs.class);

  private HeadroomJobs() {}

  /**
   * Starts a MiniCluster with enough slots and submits the selected jobs; returns once they are
   * submitted.
   */
  public static Running startOnMiniCluster(JobSettings settings) throws Exception {
    int slots =
        (settings.forecast() == null ? 0 : settings.forecast().runtime().parallelism())
            + (settings.scaling() == null ? 0 : settings.scaling().runtime().parallelism() + 1);
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_PORT, "0");
    config.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    Running running = new Running(cluster);
    try {
      if (settings.forecast() != null) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
        ForecastJob.attach(env, settings.forecast());
        running.submit(ForecastJob.NAME, env, settings.restoreForecastFrom());
      }
      if (settings.scaling() != null) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
        ScalingJob.attach(env, settings.scaling());
        running.submit(ScalingJob.NAME, env, settings.restoreScalingFrom());
      }
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
    return running;
  }

  /** The running jobs and their cluster. {@link #close} cancels the jobs and stops the cluster. */
  public static final class Running implements AutoCloseable {
    private final MiniCluster cluster;
    private final Map<String, JobID> jobs = new LinkedHashMap<>();
    private final JobFailureWatcher failures;

    private Running(MiniCluster cluster) {
      this.cluster = cluster;
      this.failures = new JobFailureWatcher(cluster, LOG::warn, 1000);
    }

    private void submit(String name, StreamExecutionEnvironment env, String restoreFrom)
        throws Exception {
      var streamGraph = env.getStreamGraph();
      streamGraph.setJobName(name);
      JobGraph graph = streamGraph.getJobGraph();
      if (restoreFrom != null) {
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
      }
      JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
      jobs.put(name, id);
      failures.watch(name, id);
      LOG.info(
          "submitted {} as {}{}", name, id, restoreFrom == null ? "" : " restoring " + restoreFrom);
    }

    /** Job names ({@code headroom-forecast}, {@code headroom-scaling}) to their ids. */
    public Map<String, JobID> jobs() {
      return Map.copyOf(jobs);
    }

    public JobStatus status(String job) throws Exception {
      return cluster.getJobStatus(id(job)).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the job runs (all its tasks deployed). */
    public void awaitRunning(String job, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (status(job) != JobStatus.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(job + " is " + status(job) + " after " + timeout);
        }
        Thread.sleep(100);
      }
    }

    /** Triggers a checkpoint now and returns its path once complete. */
    public String checkpoint(String job) throws Exception {
      return cluster.triggerCheckpoint(id(job)).get(120, TimeUnit.SECONDS);
    }

    /**
     * Stops the job with a savepoint in {@code directory} (no drain: timers are not fired, state is
     * taken as it is) and returns the savepoint path, to restart from with {@link
     * JobSettings#restoringFrom}.
     */
    public String stopWithSavepoint(String job, String directory) throws Exception {
      String path =
          cluster
              .stopWithSavepoint(id(job), directory, false, SavepointFormatType.CANONICAL)
              .get(120, TimeUnit.SECONDS);
      failures.forget(jobs.remove(job));
      return path;
    }

    /** Cancels the job (a retained checkpoint, if any, stays in the checkpoint dir). */
    public void cancel(String job) throws Exception {
      JobID id = jobs.remove(job);
      if (id != null) {
        failures.forget(id);
        cluster.cancelJob(id).get(60, TimeUnit.SECONDS);
      }
    }

    /** Blocks until every job has ended (for a run until Ctrl-C, the shutdown hook closes this). */
    public void awaitTermination() throws Exception {
      for (JobID id : jobs.values()) {
        cluster.requestJobResult(id).get();
      }
    }

    private JobID id(String job) {
      JobID id = jobs.get(job);
      if (id == null) {
        throw new IllegalArgumentException(
            "job: '" + job + "' is not running here (running: " + jobs.keySet() + ")");
      }
      return id;
    }

    @Override
    public void close() throws Exception {
      for (String job : jobs.keySet().toArray(String[]::new)) {
        try {
          cancel(job);
        } catch (Exception e) {
          LOG.warn("cancelling {} failed: {}", job, e.getMessage());
        }
      }
      failures.close();
      cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
  }
}
