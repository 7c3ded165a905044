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

class BacktestCommandTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  @TempDir Path dir;
  private Path trace;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeTrace() throws IOException {
    // 40 minutes at 140 requests/min, then a jump to 280 for 20 minutes.
    List<String> lines = new ArrayList<>(List.of("timestamp,requests"));
    for (int minute = 0; minute < 60; minute++) {
      lines.add(T0.plusSeconds(60L * minute) + "," + (minute < 40 ? 140 : 280));
    }
    trace = dir.resolve("trace.csv");
    Files.write(trace, lines, StandardCharsets.UTF_8);
  }

  private int run(String... args) {
    CommandLine commandLine = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void hpaPolicy_printsTheMetrics_andWritesOneTimelineRowPerDecision() throws IOException {
    Path timeline = dir.resolve("out.csv");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--policy",
            "hpa",
            "--timeline",
            timeline.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("trace     trace.csv: 60 points at 1m")
        .contains("policy hpa, 240 decision steps evaluated (240 with demand)")
        .containsPattern("tau_U \\(%\\) +3\\.333")
        .containsPattern("replica_hours +\\d");
    List<String> rows = Files.readAllLines(timeline);
    assertThat(rows).hasSize(1 + 60 * 4);
    assertThat(rows.get(0)).isEqualTo("timestamp,demand,desired_replicas,ready_replicas,reason");
    assertThat(rows.get(1)).startsWith("2024-03-01T00:00:00Z,140,10,10,\"WITHIN_TOLERANCE: ");
  }

  @Test
  void compare_runsTheHpaFrontier_thePolicy_andTheReferences_sideBySide_withOneTimelineEach() {
    Path timeline = dir.resolve("out.csv");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--compare",
            "--warmup",
            "10m",
            "--model",
            "naive",
            "--timeline",
            timeline.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("200 decision steps evaluated")
        .containsPattern(
            "metric +hpa \\(70%\\) +predictive +seasonal-naive +oracle +hpa 50% +hpa 60% +hpa 80%")
        .containsPattern("tau_U \\(%\\) +\\S+ +\\S+")
        .containsPattern(
            "HPA frontier \\(targets 50-80%\\) at the predictive policy's \\S+ replica-hours: tau_U \\S+%")
        .contains(
            "forecast  model naive, lead 2m15s, quantile 0.910 within capacity (tail budget 0.010)")
        .containsPattern(
            "forecast quantile in use \\(tail budget\\): mean 0\\.9\\d\\d over the decisions");
    for (String run :
        List.of("hpa", "predictive", "seasonal-naive", "oracle", "hpa-50", "hpa-60", "hpa-80")) {
      assertThat(dir.resolve("out." + run + ".csv")).exists();
      assertThat(err.toString()).contains(run + ": 240 decisions");
    }
  }

  @Test
  void withoutTimeline_printsTheMetrics_andWritesNoFile() throws IOException {
    int code = run("backtest", "--trace", trace.toString(), "--capacity", "20");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("replica_hours");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("out"));
    }
  }

  @Test
  void badValues_exitWith2_andOneLineNamingTheOption() {
    Path timeline = dir.resolve("out.csv");
    String traceArg = trace.toString();
    String[][] cases = {
      {"--capacity", "-1", "--capacity: -1.0 must be > 0"},
      {"--policy", "magic", "--policy: 'magic' is not one of hpa, predictive"},
      {"--quantile", "1.5", "--quantile: 1.5 must be in (0, 1)"},
      {"--tail-budget", "-0.5", "--tail-budget: -0.5 must be in [0, 1)"},
      {"--startup", "2 minutes", "Invalid value for option '--startup'"},
      {"--sync", "0s", "--sync: 0s must be a whole number of seconds >= 1s"},
    };
    for (String[] badCase : cases) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "backtest",
                  "--trace",
                  traceArg,
                  "--capacity",
                  "20",
                  "--timeline",
                  timeline.toString()));
      if (!badCase[0].equals("--capacity")) {
        args.addAll(List.of(badCase[0], badCase[1]));
      } else {
        args.set(4, badCase[1]);
      }
      int code = run(args.toArray(String[]::new));
      assertThat(code).as(badCase[0]).isEqualTo(2);
      assertThat(err.toString())
          .as(badCase[0])
          .contains(badCase[2])
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void warmupLongerThanTheTrace_orMissingTimelineDirectory_exitWith2() {
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--warmup",
            "2h",
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--warmup: 2h leaves nothing to evaluate: the trace spans 1h");
    err.getBuffer().setLength(0);
    code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--timeline",
            dir.resolve("missing/out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--timeline: directory " + dir.resolve("missing") + " does not exist");
  }

  @Test
  void unknownModel_exitsWith2() {
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--policy",
            "predictive",
            "--model",
            "oracle",
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("model: 'oracle' is not one of");
  }

  @Test
  void missingTraceFile_exitsWith2() {
    int code =
        run(
            "backtest",
            "--trace",
            dir.resolve("nope.csv").toString(),
            "--capacity",
            "20",
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("trace file not found");
  }

  @Test
  void badRow_stopsWithItsLineNumber_unlessSkipped() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(trace));
    lines.add(5, "2024-03-01T00:03:30Z,lots");
    Files.write(trace, lines);
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("trace.csv:6: value 'lots' is not a number");

    out.getBuffer().setLength(0);
    int skipped =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--skip-bad-rows",
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(skipped).as(err.toString()).isZero();
    assertThat(out.toString()).contains("(skipped 1 bad rows)");
  }

  @Test
  void invalidSpec_exitsWith2_namingTheFileAndField() throws IOException {
    Path spec = dir.resolve("hpa.yaml");
    Files.writeString(spec, "spec:\n  minReplicas: 5\n  maxReplicas: 3\n");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--spec",
            spec.toString(),
            "--timeline",
            dir.resolve("out.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--spec " + spec + ": minReplicas: 5 must be <= maxReplicas (3)");
  }

  @Test
  void specFile_isUsed() throws IOException {
    Path spec = dir.resolve("hpa.yaml");
    Files.writeString(
        spec,
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        spec:
          minReplicas: 12
          maxReplicas: 30
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        """);
    Path timeline = dir.resolve("out.csv");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--spec",
            spec.toString(),
            "--timeline",
            timeline.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("minReplicas 12, maxReplicas 30");
    assertThat(Files.readAllLines(timeline).get(1)).startsWith("2024-03-01T00:00:00Z,140,12,12,");
  }

  @Test
  void durations_acceptTheUsualShortForms() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("15s")).hasSeconds(15);
    assertThat(converter.convert("2m")).hasSeconds(120);
    assertThat(converter.convert("7d")).hasSeconds(7 * 86_400);
    assertThat(converter.convert("1h30m")).hasSeconds(5400);
    assertThat(io.headroom.core.time.DurationText.format(converter.convert("1h30m")))
        .isEqualTo("1h30m");
    assertThat(BacktestCommand.sibling(Path.of("/tmp/out.csv"), "hpa"))
        .isEqualTo(Path.of("/tmp/out.hpa.csv"));
  }

  @Test
  void jobView_emitsTheJobsInputsAndExpectedCommands_andRefusesEmitAlone() throws IOException {
    Path emit = dir.resolve("job");
    int code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--job-view",
            "--emit",
            emit.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("job view: wrote").contains("--window 1m");
    assertThat(Files.readString(emit.resolve("targets.yaml")))
        .contains("name: backtest")
        .contains("replicas: commanded");
    // One decision per 15 s from the first window's end (10:01) to the trace's end (11:00).
    assertThat(
            io.headroom.schemas.JobViewFiles.read(
                io.headroom.schemas.ScalingCommand.class, emit.resolve("commands.avro")))
        .hasSize(59 * 4);
    assertThat(
            io.headroom.schemas.JobViewFiles.read(
                io.headroom.schemas.PercentileWindow.class, emit.resolve("windows.avro")))
        .hasSize(59 * 3);

    out.getBuffer().setLength(0);
    Path predictiveEmit = dir.resolve("job-predictive");
    code =
        run(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--model",
            "naive",
            "--policy",
            "predictive",
            "--tail-budget",
            "0.02",
            "--job-view",
            "--emit",
            predictiveEmit.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(predictiveEmit.resolve("targets.yaml")))
        .contains("tailBudget: 0.02");
    assertThat(out.toString())
        .containsPattern("forecast quantile in use \\(tail budget\\): mean 0\\.9\\d\\d");

    code = run("backtest", "--trace", trace.toString(), "--capacity", "20", "--emit", "x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--emit: only with --job-view");
    code =
        run("backtest", "--trace", trace.toString(), "--capacity", "20", "--job-view", "--compare");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--job-view: replays one policy");
  }
}
