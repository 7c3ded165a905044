package io.headroom.flink;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Says, in one warning line each, when a job on the local cluster fails and restarts (or fails for
 * good), with the root cause. Flink logs task failures at INFO deep in its runtime, which the CLI
 * hides: a job could fail every few seconds and emit nothing for minutes without a word.
 */
final class JobFailureWatcher implements AutoCloseable {
  private final MiniCluster cluster;
  private final Consumer<String> warn;
  private final Map<JobID, String> names = new ConcurrentHashMap<>();
  private final Map<JobID, Long> reported = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "headroom-job-watcher");
            thread.setDaemon(true);
            return thread;
          });

  JobFailureWatcher(MiniCluster cluster, Consumer<String> warn, long periodMillis) {
    this.cluster = cluster;
    this.warn = warn;
    poller.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  void watch(String name, JobID id) {
    names.put(id, name);
  }

  void forget(JobID id) {
    names.remove(id);
  }

  private void check() {
    names.forEach(
        (id, name) -> {
          try {
            report(name, id, cluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS));
          } catch (Exception e) {
            // The job may just have ended or been cancelled: nothing to say.
          }
        });
  }

  private void report(String name, JobID id, AccessExecutionGraph graph) {
    ErrorInfo failure = graph.getFailureInfo();
    if (failure == null || reported.getOrDefault(id, Long.MIN_VALUE) == failure.getTimestamp()) {
      return;
    }
    reported.put(id, failure.getTimestamp());
    warn.accept(
        String.format(
            "%s failed at %s and is %s: %s",
            name,
            Instant.ofEpochMilli(failure.getTimestamp()),
            graph.getState().name().toLowerCase(java.util.Locale.ROOT),
            rootCause(failure.getException())));
  }

  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String text = cause.toString();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
