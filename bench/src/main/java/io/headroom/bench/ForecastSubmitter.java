package io.headroom.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Submits the forecast job's jar to a Flink cluster the way users do ({@code ./headroom flink
 * submit forecast}); the CLI provides it, so the bench measures that very code path rather than a
 * copy of it.
 */
@FunctionalInterface
public interface ForecastSubmitter {
  /**
   * Uploads {@code jobJar} to the cluster at {@code restUrl}, runs the forecast job with {@code
   * jobOptions} at {@code parallelism}, and returns its job id once all its tasks run.
   */
  String submit(String restUrl, Path jobJar, int parallelism, List<String> jobOptions)
      throws Exception;
}
