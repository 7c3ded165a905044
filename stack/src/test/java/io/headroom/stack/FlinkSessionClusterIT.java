package io.headroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JobManager and a TaskManager from the Maven Central jars, as child processes. */
class FlinkSessionClusterIT {
  @Test
  void startsAJobManagerAndATaskManager_andStopsThem(@TempDir Path dir) throws Exception {
    long started = System.nanoTime();
    FlinkSessionCluster cluster = FlinkSessionCluster.start(dir, FlinkJars.locate(), 2);
    System.out.printf(
        "Flink session cluster up in %.1f s at %s%n",
        (System.nanoTime() - started) / 1e9, cluster.restUrl());
    try {
      FlinkRestClient.Overview overview = cluster.client().overview();
      assertThat(overview.flinkVersion()).startsWith("2.");
      assertThat(overview.taskManagers()).isEqualTo(1);
      assertThat(overview.slotsTotal()).isEqualTo(2);
      assertThat(cluster.client().jobs()).isEmpty();
      assertThat(Files.size(cluster.home().resolve("log/jobmanager.log"))).isPositive();
      assertThat(FlinkSessionCluster.load(dir).restUrl()).isEqualTo(cluster.restUrl());
      assertThat(FlinkSessionCluster.start(dir, FlinkJars.locate(), 2).restUrl())
          .as("a second start finds the running cluster")
          .isEqualTo(cluster.restUrl());
    } finally {
      assertThat(FlinkSessionCluster.stop(dir)).isTrue();
    }
    assertThat(cluster.isHealthy()).isFalse();
    assertThat(FlinkSessionCluster.load(dir)).isNull();
  }
}
