package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

/** {@code forecast} and {@code forecast-backtest} on a small hourly trace with a daily cycle. */
class ForecastCommandsTest {
  private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
  private static final int DAYS = 10;

  @TempDir Path dir;
  private Path trace;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeTrace() throws IOException {
    List<String> lines = new ArrayList<>(List.of("timestamp,requests"));
    for (int hour = 0; hour < 24 * DAYS; hour++) {
      double value =
          100
              + 50 * Math.sin(2 * Math.PI * hour / 24)
              + (hour * 7919 % 13)
              - 6; // deterministic wiggle
      lines.add(T0.plus(Duration.ofHours(hour)) + "," + Math.round(value));
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
  void forecast_printsATableAndSparkline_andWritesEveryStep() throws IOException {
    Path file = dir.resolve("forecast.csv");
    int code =
        run("forecast", "--trace", trace.toString(), "--horizon", "6h", "--out", file.toString());

    assertThat(code).as(err.toString()).isZero();
    Instant end = T0.plus(Duration.ofDays(DAYS));
    assertThat(out.toString())
        .contains(
            "trace     trace.csv: 240 points at 1h, 2024-03-04T00:00:00Z .. 2024-03-13T23:00:00Z")
        .contains(
            "model     auto, trusted") // ten days of hourly steps: far more than a day of one-step
        // errors
        .contains("forecast  6h ahead, 6 steps, 95% prediction intervals")
        .contains("│")
        .containsPattern("timestamp +value +lower +upper")
        .contains("  " + end + " ")
        .contains("  " + end.plus(Duration.ofHours(5)) + " ");
    List<String> rows = Files.readAllLines(file);
    assertThat(rows).hasSize(7);
    assertThat(rows.get(0)).isEqualTo("timestamp,predicted,lower,upper");
    String[] first = rows.get(1).split(",");
    assertThat(first[0]).isEqualTo(end.toString());
    double predicted = Double.parseDouble(first[1]);
    // The next hour of the sine (hour 0 of a day): about 100.
    assertThat(predicted).isBetween(85.0, 115.0);
    assertThat(Double.parseDouble(first[2])).isLessThanOrEqualTo(predicted);
    assertThat(Double.parseDouble(first[3])).isGreaterThanOrEqualTo(predicted);
  }

  @Test
  void forecast_longHorizon_thinsTheTable() {
    int code =
        run(
            "forecast",
            "--trace",
            trace.toString(),
            "--horizon",
            "7d",
            "--model",
            "seasonal-naive");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("(every 4-th step shown; --out writes all 168)");
  }

  @Test
  void backtest_writesTheForecastFile_andPrintsTheMeasures() throws IOException {
    Path file = dir.resolve("backtest.csv");
    int code =
        run(
            "forecast-backtest",
            "--trace",
            trace.toString(),
            "--horizon",
            "3h",
            "--step",
            "2h",
            "--warmup",
            "3d",
            "--model",
            "seasonal",
            "--out",
            file.toString());

    assertThat(code).as(err.toString()).isZero();
    // Origins at 72, 74, ..., 238 h (the trace ends at 239 h): 84 origins × 3 rows.
    List<String> rows = Files.readAllLines(file);
    assertThat(rows).hasSize(1 + 84 * 3);
    assertThat(rows.get(0)).isEqualTo("origin,timestamp,predicted,lower,upper");
    assertThat(rows.get(1)).startsWith("2024-03-07T00:00:00Z,2024-03-07T01:00:00Z,");
    assertThat(out.toString())
        .contains("backtest  model seasonal, horizon 3h, origins every 2h after a 3d warm-up")
        // every row has an actual except the last origin's 240 h and 241 h
        .contains(
            "origins   84 (84 while the model was not yet trusted), 250 forecast/actual pairs")
        .containsPattern("relMAE \\(vs (naive|seasonal-naive)\\) +\\d\\.\\d{3} +\\d\\.\\d{3}")
        .containsPattern("sMAPE \\(%\\) +\\d")
        .containsPattern("MASE \\(daily period\\) +\\d")
        .containsPattern("coverage of 95% PI \\(%\\) +\\d")
        .containsPattern("PI width / mean actual +\\d")
        .containsPattern("interval score / mean actual +\\d");
    assertThat(err.toString()).contains("forecast-backtest: 84 origins in");
  }

  @Test
  void badOptions_exit2_withOneLineNamingTheProblem() {
    assertThat(
            run(
                "forecast-backtest",
                "--trace",
                trace.toString(),
                "--horizon",
                "90x",
                "--out",
                "x.csv"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--horizon'").contains("90x");

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "forecast-backtest",
                "--trace",
                trace.toString(),
                "--horizon",
                "90m",
                "--out",
                dir.resolve("x.csv").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith("headroom: horizon: 1h30m must be a multiple of the trace step 1h");

    err.getBuffer().setLength(0);
    assertThat(run("forecast", "--trace", trace.toString(), "--model", "prophet")).isEqualTo(2);
    assertThat(err.toString()).startsWith("headroom: model: 'prophet' is not one of auto, ");

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "forecast-backtest",
                "--trace",
                trace.toString(),
                "--warmup",
                "30d",
                "--out",
                dir.resolve("x.csv").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith("headroom: warmup: 30d leaves no origin before the end of the trace");

    err.getBuffer().setLength(0);
    assertThat(run("forecast", "--trace", dir.resolve("missing.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("trace file not found");
  }

  @Test
  void badRow_stopsWithItsLineNumber_unlessSkipped() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(trace));
    lines.set(5, "2024-03-04T04:00:00Z,lots");
    Files.write(trace, lines, StandardCharsets.UTF_8);

    assertThat(run("forecast", "--trace", trace.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("headroom: trace.csv:6: value 'lots' is not a number");

    err.getBuffer().setLength(0);
    assertThat(run("forecast", "--trace", trace.toString(), "--skip-bad-rows"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("239 points at 1h").contains("(skipped 1 bad rows)");
  }

  @Test
  void numbers_inTheForecastFile_haveAtMostFourDecimals() {
    StringBuilder b = new StringBuilder();
    for (double v : new double[] {0, 12, 12.5, -3.25, 1.23456, 0.00004, Double.POSITIVE_INFINITY}) {
      ForecastBacktestCommand.appendNumber(b, v);
      b.append(' ');
    }
    assertThat(b.toString()).isEqualTo("0 12 12.5 -3.25 1.2346 0 Infinity ");
  }
}
