package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.Migrations;
import io.headroom.clickhouse.Rows;
import io.headroom.clickhouse.TableRows;
import io.headroom.core.metric.MetricSample;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.sketch.WindowStats;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.core.workload.SyntheticTraffic;
import io.headroom.schemas.Alert;
import io.headroom.schemas.ForecastHorizonPoint;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * A known synthetic history in ClickHouse for the plan and report tests: {@link SyntheticTraffic}
 * (daily and weekly seasonality, +1 % a day, 8 % noise) served by a {@link SimulatedService} (600
 * requests/min per replica at 100 % CPU, replicas kept at 70 %), aggregated per hour (every metric)
 * and per minute (the four the plan reads) with the sketch accumulator the pipeline uses, plus a
 * forecast, scaling commands and alerts. Loaded once per database and JVM.
 */
final class ReportFixtures {
  static final Instant START = Instant.parse("2026-10-05T00:00:00Z"); // a Monday
  static final String DATABASE = "it_cli_history";

  /** 10 req/s per replica at 100 % CPU; at the simulated 70 % target that is 7 req/s. */
  static final double CAPACITY_REQ_PER_MIN = 600;

  /**
   * The metrics the plan and report read per minute; the others (latency, errors, queue) only per
   * hour.
   */
  private static final Set<String> MINUTE_METRICS =
      Set.of("requests", "replicas", "cpu_percent", "memory_percent");

  private static final Set<String> LOADED = new HashSet<>();
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private ReportFixtures() {}

  /** What a command line printed and returned. */
  record CliRun(int exit, String out, String err) {}

  /**
   * Runs {@code ./headroom <args>} in-process with the real error handling, capturing its output.
   */
  static CliRun runCli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine commandLine =
        CliErrors.configure(new picocli.CommandLine(new HeadroomCommand()));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * A service with {@code days} days of history; with {@code extras}, also a forecast, scaling
   * commands and alerts.
   */
  static synchronized void ensureLoaded(
      ClickHouseSettings settings, String service, int days, boolean extras) throws SQLException {
    if (!LOADED.add(settings.database() + "/" + service)) {
      return;
    }
    SyntheticTraffic traffic = new SyntheticTraffic(3000, 0.6, 0.6, 0.01, 0.08);
    // 20 latency samples a minute (not the default 60): enough for the percentile charts, a third
    // of the work.
    SimulatedService simulated =
        new SimulatedService(service, new ServiceProfile(CAPACITY_REQ_PER_MIN, 0.7, 20, 20, 30), 7);
    List<TracePoint> loads = traffic.generate(START, MINUTE, days * 1440, 11);
    List<PercentileWindow> windows = new ArrayList<>();
    List<ScalingCommand> commands = new ArrayList<>();
    Map<String, SketchAccumulator> hour = new TreeMap<>();
    Map<String, io.headroom.core.metric.MetricKind> kinds = new TreeMap<>();
    int commanded = simulated.replicasFor(loads.get(0).value());
    for (int i = 0; i < loads.size(); i++) {
      Instant start = loads.get(i).timestamp();
      Map<String, SketchAccumulator> minute = new TreeMap<>();
      for (MetricSample sample : simulated.step(start, MINUTE, loads.get(i).value())) {
        kinds.put(sample.metric(), sample.kind());
        hour.computeIfAbsent(sample.metric(), m -> SketchAccumulator.empty()).add(sample.value());
        if (MINUTE_METRICS.contains(sample.metric())) {
          minute
              .computeIfAbsent(sample.metric(), m -> SketchAccumulator.empty())
              .add(sample.value());
        }
      }
      minute.forEach(
          (metric, accumulator) ->
              windows.add(window(service, metric, kinds.get(metric), start, MINUTE, accumulator)));
      if ((i + 1) % 60 == 0) {
        Instant hourStart = start.minus(Duration.ofMinutes(59));
        hour.forEach(
            (metric, accumulator) ->
                windows.add(
                    window(service, metric, kinds.get(metric), hourStart, HOUR, accumulator)));
        hour.clear();
      }
      // A coarse stand-in for the autoscaler: every 15 minutes, follow the replicas the load needs.
      if (i % 15 == 0 && extras) {
        int needed = simulated.replicasFor(loads.get(i).value());
        if (needed != commanded) {
          commands.add(command(service, start, commanded, needed));
          commanded = needed;
        }
      }
    }
    Instant end = START.plus(Duration.ofDays(days));
    try (Connection connection = ClickHouseConnections.open(settings)) {
      Migrations.apply(connection, settings);
      insert(connection, settings.database(), Rows.PERCENTILE_WINDOWS, windows);
      if (extras) {
        insert(connection, settings.database(), Rows.SCALING_COMMANDS, commands);
        insert(
            connection,
            settings.database(),
            Rows.LOAD_FORECASTS,
            List.of(forecast(service, traffic, end)));
        insert(
            connection,
            settings.database(),
            Rows.ALERTS,
            List.of(
                alert(
                    service,
                    "cpu-high",
                    "cpu_percent",
                    "warning",
                    "firing",
                    74,
                    70,
                    "urgent",
                    end.minus(Duration.ofHours(3))),
                alert(
                    service,
                    "cpu-high",
                    "cpu_percent",
                    "critical",
                    "firing",
                    93,
                    90,
                    "immediate",
                    end.minus(Duration.ofHours(1))),
                alert(
                    service,
                    "memory-high",
                    "memory_percent",
                    "warning",
                    "firing",
                    82,
                    80,
                    "urgent",
                    end.minus(Duration.ofHours(6))),
                alert(
                    service,
                    "memory-high",
                    "memory_percent",
                    "warning",
                    "resolved",
                    65,
                    70,
                    "urgent",
                    end.minus(Duration.ofHours(5)))));
      }
    }
  }

  private static PercentileWindow window(
      String service,
      String metric,
      io.headroom.core.metric.MetricKind kind,
      Instant start,
      Duration length,
      SketchAccumulator accumulator) {
    // As PercentileWindowMapper builds them, minus the sketch bytes: the reports read the summary
    // columns only,
    // and serializing 150,000 sketches would dominate the test's run time.
    WindowStats stats = accumulator.stats();
    double rate =
        (kind == io.headroom.core.metric.MetricKind.COUNTER ? stats.sum() : stats.count())
            / length.toSeconds();
    return PercentileWindow.newBuilder()
        .setService(service)
        .setMetric(metric)
        .setKind(MetricKind.valueOf(kind.name()))
        .setWindowStart(start)
        .setWindowEnd(start.plus(length))
        .setCount(stats.count())
        .setSum(stats.sum())
        .setRate(rate)
        .setMin(stats.min())
        .setMax(stats.max())
        .setMean(stats.mean())
        .setP50(stats.p50())
        .setP90(stats.p90())
        .setP95(stats.p95())
        .setP99(stats.p99())
        .setRelativeAccuracy(accumulator.relativeAccuracy())
        .setSketch(ByteBuffer.allocate(0))
        .build();
  }

  private static ScalingCommand command(String service, Instant at, int from, int to) {
    return ScalingCommand.newBuilder()
        .setCommandId(service + "|" + at.toEpochMilli())
        .setTarget(service)
        .setDecidedAt(at)
        .setFromReplicas(from)
        .setToReplicas(to)
        .setPolicy("hpa")
        .setLimit("none")
        .setDrivingMetric("cpu_percent")
        .setMetricValue(70.0 * to / from)
        .setMetricTarget(70)
        .setReason("cpu " + Math.round(70.0 * to / from) + "% vs target 70%: " + from + " -> " + to)
        .build();
  }

  /**
   * Two weeks of hourly steps after {@code end}: the traffic's expected requests per hour, ±10 %
   * growing to ±25 %.
   */
  private static LoadForecast forecast(String service, SyntheticTraffic traffic, Instant end) {
    List<ForecastHorizonPoint> points = new ArrayList<>();
    int steps = 14 * 24;
    for (int i = 0; i < steps; i++) {
      Instant at = end.plus(HOUR.multipliedBy(i));
      double perHour = 60 * traffic.expected(START, at.plus(Duration.ofMinutes(30)));
      double band = perHour * (0.10 + 0.15 * i / steps);
      points.add(
          ForecastHorizonPoint.newBuilder()
              .setTimestamp(at)
              .setValue(perHour)
              .setLower(perHour - band)
              .setUpper(perHour + band)
              .build());
    }
    return LoadForecast.newBuilder()
        .setForecastId(service + "|" + end.toEpochMilli() + "|3600")
        .setService(service)
        .setMetric("requests")
        .setModel("auto")
        .setTrusted(true)
        .setFittedAt(end)
        .setStepSeconds(3600)
        .setPoints(points)
        .build();
  }

  private static Alert alert(
      String service,
      String rule,
      String metric,
      String severity,
      String state,
      double value,
      double threshold,
      String priority,
      Instant at) {
    return Alert.newBuilder()
        .setAlertId(rule + "|" + service + "|" + state + "|" + severity + "|" + at.toEpochMilli())
        .setRule(rule)
        .setService(service)
        .setMetric(metric)
        .setSeverity(severity)
        .setState(state)
        .setValue(value)
        .setThreshold(threshold)
        .setPriority(priority)
        .setRecommendation(
            "CPU is the bottleneck. Add replicas (check maxReplicas) or raise the CPU limit.")
        .setChangedAt(at)
        .build();
  }

  private static <T extends SpecificRecord> void insert(
      Connection connection, String database, TableRows<T> rows, List<T> records)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(rows.insertSql(database))) {
      int pending = 0;
      for (T record : records) {
        rows.addRows(
            record,
            values -> {
              for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
              }
              insert.addBatch();
            });
        if (++pending % 50_000 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
