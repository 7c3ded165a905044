package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.HistoryReader;
import io.headroom.clickhouse.WindowHistory;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.window.Statistic;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code headroom history}: stored history out of ClickHouse. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Stored history out of ClickHouse.",
    subcommands = {HistoryCommand.Export.class})
final class HistoryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new IllegalArgumentException("name a subcommand: history export");
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Write one service's metric, one number per stored window (percentile_windows, duplicates"
              + " merged), as a timestamp,value trace that forecast, backtest and forecast-backtest"
              + " read.")
  static final class Export implements Callable<Integer> {
    @Option(names = "--service", required = true, description = "Service name")
    String service;

    @Option(
        names = "--metric",
        defaultValue = "requests",
        description = "Metric name (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(
        names = "--statistic",
        defaultValue = "sum",
        paramLabel = "STAT",
        description =
            "Which number of each window: sum, mean, rate, count, min, max, p50, p90, p95, p99"
                + " (default: ${DEFAULT-VALUE}, the forecast job's requests per window)")
    String statistic;

    @Option(
        names = "--window",
        defaultValue = "1m",
        converter = DurationConverter.class,
        paramLabel = "DURATION",
        description = "Window size: 1m or 1h (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(
        names = "--from",
        paramLabel = "TIME",
        description = "First window start, inclusive: 2026-11-02T10:00:00Z or 2026-11-02 (UTC)")
    String from;

    @Option(
        names = "--to",
        paramLabel = "TIME",
        description = "Window starts before this, exclusive (same forms as --from)")
    String to;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Trace file to write; - for standard output")
    String out;

    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
      Statistic stat = Statistic.parse("--statistic", statistic);
      Instant fromTime = time("--from", from);
      Instant toTime = time("--to", to);
      if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
        throw new IllegalArgumentException("--from must be before --to");
      }
      List<TracePoint> points;
      try (Connection c = ClickHouseConnections.open(connection.clickhouse())) {
        points =
            WindowHistory.read(
                c, connection.database, service, metric, stat, window, fromTime, toTime);
        if (points.isEmpty()) {
          new HistoryReader(c, connection.database).requireService(service);
          throw new IllegalArgumentException(
              "no "
                  + metric
                  + " windows of "
                  + DurationText.format(window)
                  + " for service '"
                  + service
                  + "' in "
                  + connection.database
                  + ".percentile_windows"
                  + (fromTime == null && toTime == null ? "" : " in the time range given"));
        }
      }
      if (out.equals("-")) {
        Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        write(points, w);
        w.flush();
      } else {
        Path file = Path.of(out);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          write(points, w);
        }
        System.err.println(
            "wrote "
                + points.size()
                + " points ("
                + points.get(0).timestamp()
                + " .. "
                + points.get(points.size() - 1).timestamp()
                + ", "
                + service
                + " "
                + metric
                + ":"
                + stat.label()
                + " per "
                + DurationText.format(window)
                + ") to "
                + file);
      }
      return 0;
    }

    static void write(List<TracePoint> points, Writer w) throws IOException {
      w.write("timestamp,value\n");
      for (TracePoint p : points) {
        w.write(p.timestamp().toString());
        w.write(',');
        w.write(Numbers.exact(p.value()));
        w.write('\n');
      }
    }

    static Instant time(String option, String text) {
      if (text == null) {
        return null;
      }
      try {
        return text.length() == 10
            ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            option + ": '" + text + "' is not a time like 2026-11-02T10:00:00Z or 2026-11-02");
      }
    }
  }
}
