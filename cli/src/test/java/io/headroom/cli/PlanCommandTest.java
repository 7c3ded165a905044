package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad plan options fail before any connection, with one line naming the option, exit 2. */
class PlanCommandTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      --growth              | 20         | headroom: growth: '20' must be auto (linear trend from history) or a monthly rate such as 20%
      --target-utilization  | 150%       | headroom: target-utilization: 1.5 must be in (0, 1]
      --overhead            | lots       | headroom: overhead: 'lots' is not a share (examples: 25%, 0.25)
      --memory-limit        | 2 bananas  | headroom: memory-limit: '2 bananas' is not a memory size (examples: 512MiB, 2GiB, 1.5Gi)
      --budget              | 1000       | headroom: budget: needs price-per-replica-hour to turn replicas into cost
      --months              | 0          | headroom: months: 0.0 must be in (0, 60]
      --capacity-per-replica| -3         | headroom: capacity-per-replica: -3.0 must be > 0
      """)
  void badOption_exits2_withOneLineNamingIt(String option, String value, String message) {
    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "plan",
            "--service",
            "checkout",
            option,
            value,
            "--clickhouse",
            "jdbc:clickhouse://127.0.0.1:1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(message + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      plan   | Missing required option: '--service=NAME'
      report | Missing required option: '--out=FILE|DIR'
      """)
  void missingService_exits2(String command, String message) {
    ReportFixtures.CliRun run = ReportFixtures.runCli(command);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("headroom: " + message);
  }
}
