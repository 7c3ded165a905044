package io.headroom.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./headroom flink cancel JOB_ID}, as {@code flink cancel}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description =
        "Cancel a job on a Flink cluster. Its retained checkpoints stay, to resubmit with --from-savepoint.")
final class FlinkCancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB_ID", description = "As 'flink list' shows it.")
  String jobId;

  @Mixin FlinkClusterOptions cluster = new FlinkClusterOptions();

  @Override
  public Integer call() throws Exception {
    checkJobId(jobId);
    cluster.client().cancel(jobId);
    System.out.println("Cancellation of job " + jobId + " requested.");
    return 0;
  }

  static void checkJobId(String jobId) {
    if (!jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException(
          "JOB_ID: '" + jobId + "' is not a Flink job id (32 hex digits)");
    }
  }
}
