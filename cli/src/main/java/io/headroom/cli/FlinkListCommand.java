package io.headroom.cli;

import io.headroom.stack.FlinkRestClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./headroom flink list}: the cluster's jobs, newest first, as {@code flink list -a}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the jobs of a Flink cluster (running and ended), newest first.")
final class FlinkListCommand implements Callable<Integer> {
  @Mixin FlinkClusterOptions cluster = new FlinkClusterOptions();

  @Override
  public Integer call() throws Exception {
    FlinkRestClient client = cluster.client();
    List<FlinkRestClient.JobSummary> jobs =
        client.jobs().stream()
            .sorted(
                Comparator.comparingLong(FlinkRestClient.JobSummary::startTimeMillis).reversed())
            .toList();
    if (jobs.isEmpty()) {
      System.out.println("No jobs on " + client.restUrl() + ".");
      return 0;
    }
    System.out.printf("%-32s  %-10s  %-20s  %s%n", "JOB ID", "STATE", "STARTED", "NAME");
    for (FlinkRestClient.JobSummary job : jobs) {
      System.out.printf(
          "%-32s  %-10s  %-20s  %s%n",
          job.id(),
          job.state(),
          Instant.ofEpochMilli(job.startTimeMillis()).truncatedTo(ChronoUnit.SECONDS),
          job.name());
    }
    return 0;
  }
}
