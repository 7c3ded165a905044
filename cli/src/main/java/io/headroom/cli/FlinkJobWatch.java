package io.headroom.cli;

import io.headroom.stack.FlinkRestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/** Waits for a submitted job, polling the REST API as the web UI does. */
final class FlinkJobWatch {
  private static final Set<String> ENDED = Set.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED");

  private FlinkJobWatch() {}

  /**
   * Returns once the job and all its tasks are RUNNING: only then does it read its sources. Fails
   * when the job ends first or the timeout passes.
   */
  static void awaitTasksRunning(FlinkRestClient client, String jobId, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    FlinkRestClient.JobDetails job = client.job(jobId);
    while (!job.tasksRunning()) {
      if (ENDED.contains(job.state())) {
        throw new IllegalStateException(
            "job " + jobId + " is " + job.state() + "; see the JobManager's log or its web UI");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job "
                + jobId
                + " not running after "
                + timeout.toSeconds()
                + " s (state "
                + job.state()
                + ", tasks "
                + job.vertexStates()
                + ")");
      }
      Thread.sleep(100);
      job = client.job(jobId);
    }
  }
}
