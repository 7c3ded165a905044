package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QueueModelOptionsTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  @TempDir Path dir;
  private Path trace;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeTrace() throws IOException {
    // 10 minutes at 100 items/min, a 10-minute burst at 1000, then 100 again for 20 minutes.
    List<String> lines = new ArrayList<>(List.of("timestamp,items"));
    for (int minute = 0; minute < 40; minute++) {
      lines.add(T0.plusSeconds(60L * minute) + "," + (minute >= 10 && minute < 20 ? 1000 : 100));
    }
    trace = dir.resolve("arrivals.csv");
    Files.write(trace, lines, StandardCharsets.UTF_8);
  }

  private int run(String... args) {
    CommandLine commandLine = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void queueModel_printsBacklogMetrics_andWritesTheTimeline() throws IOException {
    Path timeline = dir.resolve("queue.csv");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--model",
            "queue",
            "--service-rate",
            "100",
            "--backlog",
            "500",
            "--lag-threshold",
            "100",
            "--partitions",
            "6",
            "--timeline",
            timeline.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("trace     arrivals.csv: 40 points at 1m")
        .contains("service rate 100 per consumer per 1m, backlog 500 at the start, 6 partitions")
        .contains("lagThreshold 100, activationLagThreshold 0, replicas 0..100")
        .contains("policy keda-lag (KEDA Kafka scaler + HPA), 160 decision steps evaluated")
        .containsPattern("items_arrived +13,?500")
        .containsPattern("peak_backlog +\\d")
        .containsPattern("over_slo_time \\(%\\) +\\d")
        .containsPattern("replica_hours +\\d");
    List<String> rows = Files.readAllLines(timeline);
    assertThat(rows).hasSize(1 + 160);
    assertThat(rows.get(0))
        .isEqualTo(
            "timestamp,demand,desired_replicas,ready_replicas,backlog,served,oldest_wait_seconds,reason");
    assertThat(rows.get(1)).startsWith("2024-03-01T00:00:00Z,100,");
    assertThat(rows).anySatisfy(row -> assertThat(row).contains("capped at 6 partitions"));
    int peak = rows.stream().skip(1).mapToInt(QueueModelOptionsTest::desired).max().orElseThrow();
    assertThat(peak).isBetween(6, 7);
  }

  private static int desired(String row) {
    return Integer.parseInt(row.split(",")[2]);
  }

  /** 40 minutes is too little history for a trusted model: the predictive run says so. */
  @Test
  void predictivePolicy_runsTheArrivalsForecast_andSaysWhenItWasNotTrusted() {
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--model",
            "queue",
            "--service-rate",
            "100",
            "--policy",
            "predictive");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("forecast  model auto of the arrivals, lead 2m15s, quantile 0.910")
        .contains("policy keda-lag predictive (KEDA Kafka scaler + HPA)")
        .contains("forecast raised the count in 0 decisions; 160 decisions ran without a trusted");
  }

  @Test
  void badQueueOptions_exitWith2_andOneLineNamingTheOption() {
    String[][] cases = {
      {"--service-rate", "0", "--service-rate: 0, must be > 0"},
      {"--lag-threshold", "0", "--lag-threshold: 0 must be > 0"},
      {"--backlog", "-5", "--backlog: -5 must be >= 0"},
      {
        "--limit-to-partitions-with-lag", null, "--limit-to-partitions-with-lag: needs --partitions"
      },
      {"--compare", null, "--compare: not available with --model queue"},
    };
    for (String[] bad : cases) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      List<String> args =
          new ArrayList<>(List.of("backtest", "--trace", trace.toString(), "--model", "queue"));
      if (!bad[0].equals("--service-rate")) {
        args.addAll(List.of("--service-rate", "100"));
      }
      args.add(bad[0]);
      if (bad[1] != null) {
        args.add(bad[1]);
      }
      int code = run(args.toArray(String[]::new));
      assertThat(code).as(bad[0] + ": " + err).isEqualTo(2);
      assertThat(err.toString().strip()).as(bad[0]).contains(bad[2]).doesNotContain("\n");
    }
  }

  @Test
  void queueOptionsWithoutTheQueueModel_orNoCapacity_exitWith2() {
    int code =
        run("backtest", "--trace", trace.toString(), "--capacity", "20", "--service-rate", "5");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("only with --model queue");
    err.getBuffer().setLength(0);
    code = run("backtest", "--trace", trace.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--capacity: missing");
  }
}
