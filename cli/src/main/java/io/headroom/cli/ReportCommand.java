package io.headroom.cli;

import io.headroom.cli.report.PlanOptions;
import io.headroom.cli.report.ReportPage;
import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.HistoryReader;
import io.headroom.clickhouse.ServiceHistory;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.PlanSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom report}: reads a service's history from ClickHouse and writes one
 * self-contained HTML page with charts (load and forecast, latency, replicas and scaling commands,
 * the capacity plan, seasonal profiles) and the alerts firing.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Write a self-contained HTML report for a service from its ClickHouse history: load with forecast and"
            + " interval, p50/p95/p99 latency, replicas with scaling commands, the capacity plan and the alerts firing."
            + " The page embeds its charting library and works offline.")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Option(
      names = "--service",
      required = true,
      paramLabel = "NAME",
      description = "service to report on")
  String service;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "HTML file to write")
  Path out;

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      defaultValue = "14d",
      converter = DurationConverter.class,
      description = "how much recent history the time charts show (default: ${DEFAULT-VALUE})")
  Duration span;

  @Mixin PlanOptions planOptions;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    PlanSettings settings = planOptions.settings();
    if (span.isZero() || span.isNegative()) {
      throw new IllegalArgumentException("--span: must be > 0");
    }
    Path file = out.toAbsolutePath();
    String planProblem = write(connection.clickhouse(), service, span, settings, file);
    var console = commandSpec.commandLine().getOut();
    if (planProblem != null) {
      console.println("no capacity plan in the report: " + planProblem);
    }
    console.println("report written to " + file);
    console.flush();
    return 0;
  }

  /**
   * Reads {@code service}'s history from ClickHouse and writes its report page to {@code file}; the
   * demo writes its report with this too.
   *
   * @return why the page has no capacity plan (the rest of the report still helps), or null
   */
  static String write(
      ClickHouseSettings where, String service, Duration span, PlanSettings settings, Path file)
      throws Exception {
    ServiceHistory history;
    CapacityPlan plan = null;
    String planProblem = null;
    try (Connection jdbc = ClickHouseConnections.open(where)) {
      HistoryReader reader = new HistoryReader(jdbc, where.database());
      history = reader.serviceHistory(service, "requests", span);
      try {
        plan = CapacityPlanner.plan(reader.capacityHistory(service), settings);
      } catch (IllegalArgumentException e) {
        planProblem = e.getMessage();
      }
    }
    String version = HeadroomCommand.class.getPackage().getImplementationVersion();
    String html =
        ReportPage.render(
            history, plan, planProblem, Instant.now(), version == null ? "dev" : version);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return planProblem;
  }
}
