package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {
  private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /**
   * Three weeks at 30-minute steps in the local-time form of the NAB traces: a daily cycle with a
   * weekly dip.
   */
  @BeforeEach
  void writeTraces() throws IOException {
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    for (int i = 0; i < 21 * 48; i++) {
      Instant t = T0.plus(Duration.ofMinutes(30L * i));
      double hour = (i % 48) / 2.0;
      double weekend = (i / 48) % 7 >= 5 ? 0.6 : 1;
      double value =
          Math.round(
              1000 * weekend * (1 + 0.6 * Math.cos(2 * Math.PI * (hour - 15) / 24))
                  + 37 * Math.sin(i * 1.7));
      lines.add(t.toString().replace("T", " ").replace("Z", "") + "," + value);
    }
    Files.createDirectories(dir.resolve("traces"));
    Files.write(dir.resolve("traces/daily.30min.csv"), lines);
  }

  private int run(String... args) {
    CommandLine commandLine = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void aFolderOfTraces_printsATablePerTrace_theSummary_andTheCsv() throws IOException {
    Path csv = dir.resolve("suite.csv");
    Path page = dir.resolve("suite.html");
    int code =
        run(
            "evaluate",
            "--traces",
            dir.resolve("traces").toString(),
            "--out",
            csv.toString(),
            "--threads",
            "2",
            "--html",
            page.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("== daily.30min: 1008 points at 30m, capacity")
        .containsPattern(
            "1h +\\d\\.\\d{3} +\\d") // 15 min is not a multiple of the 30-minute step: skipped
        .doesNotContainPattern("\\n  15m ")
        .containsPattern("hpa 50% +\\d")
        .containsPattern("predictive \\(70%\\) +\\d")
        .containsPattern("seasonal-naive +\\d")
        .containsPattern("oracle +\\d")
        .contains("== summary")
        .containsPattern("daily.30min +- +\\d\\.\\d{3} +\\d\\.\\d{3}");
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("trace,section,item,metric,value");
    assertThat(rows)
        .anyMatch(r -> r.startsWith("daily.30min,forecast,1d,relMAE,"))
        .anyMatch(r -> r.matches("daily\\.30min,forecast,1d,interval_score,\\d+\\.\\d+"))
        .anyMatch(r -> r.startsWith("daily.30min,scaling,hpa-80,tau_U,"))
        .anyMatch(r -> r.startsWith("daily.30min,scaling,oracle,replica_hours,"));
    assertThat(err.toString()).contains("evaluate: daily.30min done after");
    String html = Files.readString(page);
    assertThat(html)
        .contains("<h2>daily.30min</h2>")
        .containsPattern("\"hpa\":\\s*\\[\\s*\\{\\s*\"x\":\\s*\\d")
        .contains("HPA 50%")
        .containsPattern("\"oracle\":\\s*\\{\\s*\"x\":\\s*\\d")
        .contains("new Chart(")
        .doesNotContain("src=\"http");
  }

  @Test
  void aTraceShorterThanTwiceTheWarmup_isScoredOnItsSecondHalf_andWarmupSetsIt()
      throws IOException {
    Path fourDays = dir.resolve("four-days.30min.csv");
    Files.write(
        fourDays, Files.readAllLines(dir.resolve("traces/daily.30min.csv")).subList(0, 1 + 4 * 48));
    Path csv = dir.resolve("short.csv");
    int code = run("evaluate", "--traces", fourDays.toString(), "--out", csv.toString());
    assertThat(code).as(err.toString()).isZero();
    // 191 steps: the default 7 days become 95 steps, 47.5 hours.
    assertThat(out.toString())
        .contains("== four-days.30min: 192 points at 30m, capacity")
        .contains("warm-up 1d23h30m")
        .containsPattern("\\n  1d +\\d\\.\\d{3} +\\d")
        .containsPattern("four-days.30min +- +\\d\\.\\d{3} +\\d\\.\\d{3}");
    assertThat(Files.readAllLines(csv))
        .contains("four-days.30min,forecast,warmup,seconds,171000")
        .contains("four-days.30min,scaling,warmup,seconds,171000");

    out.getBuffer().setLength(0);
    code = run("evaluate", "--traces", dir.resolve("traces").toString(), "--warmup", "2d");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("== daily.30min: 1008 points at 30m")
        .contains("warm-up 2d\n");
  }

  /** The sweep over two traces (the test's and a copy), so that one can be left out. */
  private int sweepTwoTraces(String option, String values) throws IOException {
    Files.copy(dir.resolve("traces/daily.30min.csv"), dir.resolve("traces/copy.30min.csv"));
    return run("evaluate", "--traces", dir.resolve("traces").toString(), option, values);
  }

  @Test
  void sweepQuantile_printsEachQuantile_andTheLeaveOneTraceOutChoice() throws IOException {
    int code = sweepTwoTraces("--sweep-quantile", "0.7,0.95");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("trace +q 0.7 +q 0.95")
        .containsPattern(
            "daily.30min +\\d\\.\\d\\d @ \\d\\.\\d{3}\\*? +\\d\\.\\d\\d @ \\d\\.\\d{3}")
        .containsPattern("copy.30min +chosen without it: q 0.(7|95) -> tau_U x")
        .containsPattern(
            "chosen on all traces: q 0.(7|95); held out, the goal was met on \\d of 2 traces");
    assertThat(err.toString()).contains("evaluate: quantile 0.95 done after");
    assertThat(
            run(
                "evaluate",
                "--traces",
                dir.resolve("traces").toString(),
                "--sweep-quantile",
                "1.5"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--sweep-quantile: 1.5 must be in (0, 1)");
  }

  @Test
  void sweepTailBudget_printsEachBudget_andTheLeaveOneTraceOutChoice() throws IOException {
    int code = sweepTwoTraces("--sweep-tail-budget", "0,0.05");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("trace +budget 0 +budget 0.05")
        .containsPattern("copy.30min +chosen without it: budget 0(.05)? -> tau_U x")
        .containsPattern("chosen on all traces: budget 0(.05)?; held out, the goal was met on");
    assertThat(err.toString()).contains("evaluate: tail budget 0.05 done after");
    for (String[] bad :
        List.of(
            new String[] {"--sweep-tail-budget", "-0.1"},
            new String[] {"--tail-budget", "1"},
            new String[] {"--sweep-tail-budget", "0.01", "--sweep-quantile", "0.9"})) {
      err.getBuffer().setLength(0);
      List<String> args =
          new ArrayList<>(List.of("evaluate", "--traces", dir.resolve("traces").toString()));
      args.addAll(List.of(bad));
      assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
      assertThat(err.toString().strip()).doesNotContain("\n").contains(bad[0] + ": ");
    }
  }

  @Test
  void aFolderWithABadTrace_scoresTheOthers_thenExits2NamingEachBadOne() throws IOException {
    Path traces = dir.resolve("traces");
    Files.write(
        traces.resolve("bad.csv"),
        List.of("timestamp,value", "2024-03-04 00:00:00,5", "2024-03-04 00:30:00,-1"));
    Files.write(
        traces.resolve("silent.csv"),
        List.of("timestamp,value", "2024-03-04 00:00:00,0", "2024-03-04 00:30:00,0"));
    int code = run("evaluate", "--traces", traces.toString());
    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("== daily.30min: 1008 points")
        .containsPattern("daily.30min +- +\\d\\.\\d{3}")
        .doesNotContain("== bad")
        .doesNotContain("== silent");
    assertThat(err.toString())
        .contains("evaluate: left out: ")
        .containsPattern("headroom: \\S*bad.csv:3: value -1.0 is negative")
        .contains("headroom: silent: every value is 0")
        .doesNotContain("\tat ");
  }

  @Test
  void nothingToEvaluate_orABadTrace_exitsWith2_inOneLine() throws IOException {
    assertThat(run("evaluate")).isEqualTo(2);
    assertThat(err.toString()).contains("--traces: name at least one trace file or folder");
    err.getBuffer().setLength(0);
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, List.of("timestamp,value", "2024-03-04 00:00:00,5", "2024-03-04 00:30:00,-1"));
    assertThat(run("evaluate", "--traces", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("bad.csv:3").contains("negative").doesNotContain("\tat ");
  }
}
