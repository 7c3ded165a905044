package io.headroom.flink;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How a job runs: parallelism, checkpoints and state backend.
 *
 * @param parallelism operator parallelism; the jobs are keyed by service, so up to one subtask per
 *     service is useful
 * @param checkpointInterval how often state is checkpointed; also how often the transactional sinks
 *     commit, so it bounds the latency of the output
 * @param checkpointDir where checkpoints are kept (a URI such as {@code file:///...}, {@code
 *     s3://...}, or a local path); null keeps them in the JobManager's memory (tests and demos
 *     only). Kept when a job is cancelled, so it can be restarted from its latest checkpoint
 * @param stateBackend {@code hashmap} (objects on the heap; models are serialized only on
 *     checkpoints) or {@code rocksdb} (on disk; every access (de)serializes)
 */
public record RuntimeSettings(
    int parallelism, Duration checkpointInterval, String checkpointDir, String stateBackend)
    implements Serializable {

  public static final RuntimeSettings DEFAULTS =
      new RuntimeSettings(1, Duration.ofSeconds(10), null, "hashmap");

  public RuntimeSettings {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism: " + parallelism + " must be >= 1");
    }
    if (checkpointInterval == null || checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpoint-interval: " + checkpointInterval + " must be >= 10ms");
    }
    stateBackend = stateBackend == null ? "hashmap" : stateBackend.strip().toLowerCase(Locale.ROOT);
    if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
      throw new IllegalArgumentException(
          "state backend: '" + stateBackend + "' must be hashmap or rocksdb");
    }
    if (checkpointDir != null && checkpointDir.isBlank()) {
      checkpointDir = null;
    }
    if (checkpointDir != null && !checkpointDir.contains("://")) {
      checkpointDir = Path.of(checkpointDir).toAbsolutePath().toUri().toString();
    }
  }

  public RuntimeSettings withParallelism(int value) {
    return new RuntimeSettings(value, checkpointInterval, checkpointDir, stateBackend);
  }

  public RuntimeSettings withCheckpointInterval(Duration value) {
    return new RuntimeSettings(parallelism, value, checkpointDir, stateBackend);
  }

  public RuntimeSettings withCheckpointDir(String value) {
    return new RuntimeSettings(parallelism, checkpointInterval, value, stateBackend);
  }

  public RuntimeSettings withStateBackend(String value) {
    return new RuntimeSettings(parallelism, checkpointInterval, checkpointDir, value);
  }
}
