package io.headroom.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./headroom flink savepoint JOB_ID [--savepoint-dir DIR] [--stop]}, as {@code flink
 * savepoint} and {@code flink stop --savepointPath}: triggers the savepoint through the REST API,
 * waits until it is complete and prints its path, for {@code flink submit --from-savepoint}.
 */
@Command(
    name = "savepoint",
    mixinStandardHelpOptions = true,
    description = {
      "Take a savepoint of a job on a Flink cluster and print its path (as 'flink savepoint');"
          + " with --stop, stop the job with it (as 'flink stop').",
      "Resubmit from it with: flink submit forecast|scaling --from-savepoint PATH -- <job options>"
    })
final class FlinkSavepointCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB_ID", description = "As 'flink list' shows it.")
  String jobId;

  @Option(
      names = "--savepoint-dir",
      paramLabel = "DIR",
      description =
          "Where the savepoint goes (a path or URI the JobManager and TaskManagers can write)."
              + " Default: the cluster's savepoint folder (<stack-dir>/flink/savepoints locally).")
  String savepointDir;

  @Option(
      names = "--stop",
      description =
          "Stop the job with the savepoint: its last output is committed and it ends FINISHED.")
  boolean stop;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the savepoint (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Mixin FlinkClusterOptions cluster = new FlinkClusterOptions();

  @Override
  public Integer call() throws Exception {
    FlinkCancelCommand.checkJobId(jobId);
    String dir = savepointDir;
    if (dir != null && !dir.contains("://")) {
      dir = java.nio.file.Path.of(dir).toAbsolutePath().normalize().toUri().toString();
    }
    long started = System.nanoTime();
    String location = cluster.client().savepoint(jobId, dir, stop, wait);
    System.out.printf(
        "Savepoint of job %s%s in %.1f s: %s%n",
        jobId, stop ? " (job stopped)" : "", (System.nanoTime() - started) / 1e9, location);
    System.out.println(
        "Resubmit from it with: ./headroom flink submit forecast|scaling --from-savepoint "
            + location
            + " -- <job options>");
    return 0;
  }
}
