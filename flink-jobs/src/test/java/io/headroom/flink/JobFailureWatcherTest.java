package io.headroom.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** A job that fails once and restarts is reported in one warning line with its root cause. */
class JobFailureWatcherTest {
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Fails its first record once per test run, then passes everything. */
  static final class FailOnce implements MapFunction<Long, Long> {
    @Override
    public Long map(Long value) {
      if (FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("broker said no", new RuntimeException("the root cause"));
      }
      return value;
    }
  }

  @Test
  void aJobThatFailsAndRestarts_isReportedOnce_withTheRootCause() throws Exception {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_PORT, "0");
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    List<String> warnings = new CopyOnWriteArrayList<>();
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build())) {
      cluster.start();
      try (JobFailureWatcher watcher = new JobFailureWatcher(cluster, warnings::add, 100)) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
        env.fromSequence(1, 1000).map(new FailOnce()).sinkTo(new DiscardingSink<>());
        var graph = env.getStreamGraph();
        graph.setJobName("fails-once");
        JobID id = cluster.submitJob(graph.getJobGraph()).get(60, TimeUnit.SECONDS).getJobID();
        watcher.watch("fails-once", id);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (warnings.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        cluster.requestJobResult(id).get(60, TimeUnit.SECONDS);
        assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.FINISHED);
        Thread.sleep(500); // more polls: the same failure is not reported again
      }
    }
    assertThat(warnings)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("fails-once failed at ")
                    .contains("java.lang.RuntimeException: the root cause"));
  }
}
