package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.cli.report.PlanView;
import io.headroom.core.capacity.CapacityHistory;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.DailyLoad;
import io.headroom.core.capacity.GrowthAssumption;
import io.headroom.core.capacity.PlanSettings;
import io.headroom.core.capacity.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad plan options fail before any connection, with one line naming the option, exit 2; the table's
 * per-container sizing, without ClickHouse.
 */
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

  @Test
  void table_endsWithRequestsAndLimitsPerContainer_inKubernetesQuantities() {
    CapacityPlan plan = ReportSamples.plan("shop");
    String table = PlanView.table(plan);

    // ReportSamples keeps memory at 40 % of 1 GiB: every daily peak is 0.4 GiB, + 15 %.
    long memoryMi = (long) Math.ceil(0.4 * 1.15 * 1024);
    long cpuMillicores = (long) Math.ceil(plan.sizing().cpu().target() * 1000 - 1e-9);
    assertThat(table)
        .contains("Requests and limits per container (Kubernetes VPA recommender rules):")
        .containsPattern(
            "(?m)^resource +now \\(request / limit\\) +request +bounds +limit +windows +from$")
        .containsPattern(
            "(?m)^cpu +1000m / 1000m +"
                + cpuMillicores
                + "m +[0-9]+m \\.\\. [0-9]+m +"
                + cpuMillicores
                + "m +"
                + plan.sizing().cpu().windows()
                + " +every window$")
        .containsPattern(
            "(?m)^memory +1024Mi / 1024Mi +"
                + memoryMi
                + "Mi +[0-9]+Mi \\.\\. [0-9]+Mi +"
                + memoryMi
                + "Mi +672 +28 daily peaks$")
        .contains("sizing: request = p90 of CPU usage and of each day's memory peak + 15 % margin");
  }

  @Test
  void cpuOnlyHistory_saysSo_andSizesCpuAlone() {
    Instant start = Instant.parse("2026-10-05T00:00:00Z");
    List<DailyLoad> days = new ArrayList<>();
    List<ResourceSample> samples = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      days.add(
          new DailyLoad(LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(d), 1440, 20, 30, 40));
    }
    for (int m = 0; m < 2 * 1440; m++) {
      samples.add(
          new ResourceSample(start.plus(Duration.ofMinutes(m)), 20, 4, 30 + m % 40, Double.NaN));
    }
    CapacityPlan plan =
        CapacityPlanner.plan(
            new CapacityHistory("cpu-only", days, samples),
            PlanSettings.defaults()
                .withGrowth(new GrowthAssumption.CompoundMonthly(0.05))
                .withCapacityPerReplica(10));

    String table = PlanView.table(plan);
    assertThat(plan.sizing().cpu().available()).isTrue();
    assertThat(table)
        .containsPattern("(?m)^memory +1024Mi / 1024Mi +n/a +0$")
        .contains(
            "memory: no recommendation: no memory_percent history (only CPU history is available)");
  }
}
