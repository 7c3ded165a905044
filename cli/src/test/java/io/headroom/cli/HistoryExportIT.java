package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.trace.TraceReader;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code history export} against a real ClickHouse: windows in, trace out, read back by the trace
 * reader the forecast commands use, exact values; a window loaded twice counts once.
 */
@ExtendWith(LocalStackExtension.class)
class HistoryExportIT {
  static final String DATABASE = "it_cli_export";
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  static String row(String service, String metric, int minute, double sum, double p95) {
    long start = T0.getEpochSecond() + 60L * minute;
    return String.format(
        java.util.Locale.ROOT,
        "SELECT '%s', '%s', 'COUNTER', toDateTime(%d), toDateTime(%d), 60, 7, %s, %s, 1, 2, 3, 4, 5,"
            + " %s, 6, 0.01, ''",
        service,
        metric,
        start,
        start + 60,
        Double.toString(sum),
        Double.toString(sum / 60),
        Double.toString(p95));
  }

  @Test
  void exportedWindows_readBackExactly_asATraceTheForecastCommandsAccept(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(DATABASE);
    List<Double> sums = new ArrayList<>();
    try (Connection c = ClickHouseConnections.open(settings);
        Statement s = c.createStatement()) {
      Migrations.apply(c, settings);
      s.execute("TRUNCATE TABLE " + DATABASE + ".percentile_windows");
      List<String> rows = new ArrayList<>();
      for (int m = 0; m < 30; m++) {
        double sum = m == 7 ? 0 : 1000.0 / 3 + m * 0.1; // non-terminating decimals, and a zero
        sums.add(sum);
        if (m != 12) { // a gap: minute 12 was never loaded
          rows.add(row("checkout", "requests", m, sum, 123.456789 + m));
        }
      }
      rows.add(row("search", "requests", 3, 5, 5)); // another service: not exported
      // INSERT ... SELECT: the server evaluates toDateTime (the native driver parses VALUES
      // itself).
      s.execute(
          "INSERT INTO " + DATABASE + ".percentile_windows " + String.join(" UNION ALL ", rows));
      // Minute 5 loaded again (a redelivery): same values, one window.
      s.execute(
          "INSERT INTO "
              + DATABASE
              + ".percentile_windows "
              + row("checkout", "requests", 5, sums.get(5), 128.456789));
    }

    Path out = dir.resolve("checkout.csv");
    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "history",
            "export",
            "--service",
            "checkout",
            "--metric",
            "requests",
            "--out",
            out.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            DATABASE);
    assertThat(run.exit()).as(run.err()).isZero();
    Trace trace = TraceReader.read(out);
    assertThat(trace.step()).isEqualTo(Duration.ofMinutes(1));
    List<TracePoint> expected = new ArrayList<>();
    for (int m = 0; m < 30; m++) {
      if (m != 12) {
        expected.add(new TracePoint(T0.plusSeconds(60L * m), sums.get(m)));
      }
    }
    assertThat(trace.points()).containsExactlyElementsOf(expected);

    // Another statistic, a time range.
    Path p95 = dir.resolve("p95.csv");
    ReportFixtures.CliRun ranged =
        ReportFixtures.runCli(
            "history",
            "export",
            "--service",
            "checkout",
            "--statistic",
            "p95",
            "--from",
            "2026-11-02T10:10:00Z",
            "--to",
            "2026-11-02T10:15:00Z",
            "--out",
            p95.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            DATABASE);
    assertThat(ranged.exit()).as(ranged.err()).isZero();
    assertThat(TraceReader.read(p95).points())
        .containsExactly(
            new TracePoint(T0.plusSeconds(600), 123.456789 + 10),
            new TracePoint(T0.plusSeconds(660), 123.456789 + 11),
            new TracePoint(T0.plusSeconds(780), 123.456789 + 13),
            new TracePoint(T0.plusSeconds(840), 123.456789 + 14));

    // The exported trace runs through forecast-backtest as any trace does.
    ReportFixtures.CliRun backtest =
        ReportFixtures.runCli(
            "forecast-backtest",
            "--trace",
            out.toString(),
            "--horizon",
            "5m",
            "--step",
            "5m",
            "--warmup",
            "10m",
            "--model",
            "naive",
            "--out",
            dir.resolve("bt.csv").toString());
    assertThat(backtest.exit()).as(backtest.err()).isZero();

    ReportFixtures.CliRun unknown =
        ReportFixtures.runCli(
            "history",
            "export",
            "--service",
            "nope",
            "--out",
            dir.resolve("x.csv").toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            DATABASE);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown service 'nope'");
  }

  /**
   * The demo's seeded history: it ends exactly where the replay of the same trace, shifted with the
   * same clock, begins; weekdays are kept; every minute has its windows and the hours are the
   * roll-up of their minutes, as the percentile app emits them.
   */
  @Test
  void demoHistory_endsWhereTheReplayBegins_withEveryMinuteAndItsHours(StackEndpoints stack)
      throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_cli_seed");
    try (Connection c = ClickHouseConnections.open(settings)) {
      Migrations.apply(c, settings);
    }
    Trace trace = TraceReader.read(ProjectHome.bundledTrace());
    Instant from = Instant.parse("1995-07-17T00:00:00Z");
    Instant now = Instant.now();
    java.util.Properties windows = new java.util.Properties();
    windows.setProperty("bootstrap.servers", "unused:9092");
    DemoHistory.Seeded seeded =
        DemoHistory.seed(
            trace,
            "seeded-web",
            60,
            from,
            Duration.ofDays(2),
            Duration.ofDays(3),
            now,
            io.headroom.streams.StreamsSettings.fromProperties(windows),
            settings);

    Instant replayStart =
        io.headroom.ingest.TraceSlice.shiftToRecent(
                io.headroom.ingest.TraceSlice.window(trace.points(), from, Duration.ofDays(3)), now)
            .get(0)
            .timestamp();
    assertThat(seeded.to()).isEqualTo(replayStart);
    assertThat(seeded.from()).isEqualTo(replayStart.minus(Duration.ofDays(2)));
    assertThat(seeded.from().atZone(java.time.ZoneOffset.UTC).getDayOfWeek())
        .isEqualTo(java.time.DayOfWeek.SATURDAY); // 1995-07-15 was a Saturday
    try (Connection c = ClickHouseConnections.open(settings)) {
      String table = "it_cli_seed.percentile_windows FINAL WHERE service = 'seeded-web'";
      assertThat(scalar(c, "SELECT count() FROM " + table)).isEqualTo(seeded.windows());
      assertThat(
              scalar(
                  c,
                  "SELECT count() FROM "
                      + table
                      + " AND metric = 'requests' AND window_seconds = 60"))
          .isEqualTo(2 * 1440);
      assertThat(
              scalar(
                  c,
                  "SELECT count() FROM "
                      + table
                      + " AND metric = 'requests' AND window_seconds = 3600"))
          .isEqualTo(48);
      assertThat(
              scalar(
                  c,
                  "SELECT toUInt64(sum(count)) FROM "
                      + table
                      + " AND metric = 'latency_ms' AND window_seconds = 3600"))
          .isEqualTo(
              scalar(
                  c,
                  "SELECT toUInt64(sum(count)) FROM "
                      + table
                      + " AND metric = 'latency_ms' AND window_seconds = 60"))
          .isPositive();
    }
  }

  private static long scalar(Connection c, String sql) throws java.sql.SQLException {
    return ((Number)
            io.headroom.clickhouse.QueryCatalogue.run(c, sql).get(0).values().iterator().next())
        .longValue();
  }
}
