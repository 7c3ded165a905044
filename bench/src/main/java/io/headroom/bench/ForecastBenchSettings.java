package io.headroom.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What (g), the forecast job's throughput, runs on. Each message names the field, which is the
 * {@code ./headroom bench} option of the same name.
 *
 * @param series services with a {@code requests} series each (the job's state: one model pair per
 *     series)
 * @param minutes one-minute windows per series
 * @param slots task slots of the session cluster's one TaskManager; the job runs at parallelism 1,
 *     then at {@code slots} when more than 1
 * @param partitions partitions of the input topic; more slots than partitions leave sources idle
 * @param jobJar the shaded job jar submitted to the session cluster
 * @param stackDir folder of the benchmark's stack, removed afterwards if the bench created it
 */
public record ForecastBenchSettings(
    int series, int minutes, int slots, int partitions, Path jobJar, Path stackDir) {

  public ForecastBenchSettings {
    atLeast(series, 1, "series");
    // Less than a day gives the long (hourly) model almost nothing to fit.
    atLeast(minutes, 60, "minutes");
    atLeast(slots, 1, "slots");
    atLeast(partitions, 1, "partitions");
    if (partitions < slots) {
      throw new IllegalArgumentException(
          "partitions: "
              + partitions
              + " is fewer than the "
              + slots
              + " slots; the extra subtasks' sources would have nothing to read");
    }
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(
          "jar: no job jar at "
              + jobJar
              + " (build it: mvn -B -pl flink-jobs -am package -DskipTests, or ./headroom build)");
    }
  }

  private static void atLeast(int value, int minimum, String field) {
    if (value < minimum) {
      throw new IllegalArgumentException(field + ": " + value + " must be >= " + minimum);
    }
  }
}
