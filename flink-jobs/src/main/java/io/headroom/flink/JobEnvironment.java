package io.headroom.flink;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Applies {@link RuntimeSettings} to an execution environment: the only place the jobs set them.
 */
public final class JobEnvironment {
  private JobEnvironment() {}

  public static void configure(StreamExecutionEnvironment env, RuntimeSettings runtime) {
    Configuration config = new Configuration();
    config.set(StateBackendOptions.STATE_BACKEND, runtime.stateBackend());
    config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, runtime.checkpointInterval());
    config.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    if (runtime.checkpointDir() != null) {
      config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, runtime.checkpointDir());
      config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, runtime.checkpointDir());
    }
    env.configure(config);
    env.enableCheckpointing(
        runtime.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    env.setParallelism(runtime.parallelism());
  }
}
