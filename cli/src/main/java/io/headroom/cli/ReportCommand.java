package io.headroom.cli;

import io.headroom.cli.report.IndexPage;
import io.headroom.cli.report.PlanOptions;
import io.headroom.cli.report.ReportPage;
import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.HistoryReader;
import io.headroom.clickhouse.QueryCatalogue;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            + " With --all, a page per service and an index across them. The pages embed their charting library"
            + " and work offline.")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description =
          "service to report on; without it (or with --all) every service, into --out DIR")
  String service;

  @Option(
      names = "--all",
      description =
          "one page per service and index.html across them (load, p95, headroom, alerts, last decision)"
              + " into the directory --out")
  boolean all;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE|DIR",
      description = "HTML file to write; with --all or without --service, the directory")
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
    var console = commandSpec.commandLine().getOut();
    if (all || service == null) {
      if (all && service != null) {
        throw new IllegalArgumentException("--all and --service: give one of them");
      }
      Path dir = out.toAbsolutePath();
      if (Files.isRegularFile(dir)) {
        throw new IllegalArgumentException(
            "--out: " + dir + " is a file; with --all (or without --service) it is a directory");
      }
      Path index = writeAll(connection.clickhouse(), span, settings, dir, console);
      console.println("index written to " + index);
      console.flush();
      return 0;
    }
    Path file = out.toAbsolutePath();
    String planProblem = write(connection.clickhouse(), service, span, settings, file);
    if (planProblem != null) {
      console.println("no capacity plan in the report: " + planProblem);
    }
    console.println("report written to " + file);
    console.flush();
    return 0;
  }

  /**
   * Every service's page into {@code dir}, and {@code index.html} across them.
   *
   * @return the index file
   */
  static Path writeAll(
      ClickHouseSettings where,
      Duration span,
      PlanSettings settings,
      Path dir,
      java.io.PrintWriter console)
      throws Exception {
    List<IndexPage.Entry> entries = new ArrayList<>();
    Set<String> files = new HashSet<>(Set.of("index.html"));
    Files.createDirectories(dir);
    Instant now = Instant.now();
    try (Connection jdbc = ClickHouseConnections.open(where)) {
      HistoryReader reader = new HistoryReader(jdbc, where.database());
      List<String> services = reader.services();
      if (services.isEmpty()) {
        reader.requireService(""); // says the table is empty
      }
      Map<String, Double> headroom = headroom(jdbc, where.database());
      for (String name : services) {
        Page page = page(reader, name, span, settings, now);
        String file = fileName(name, files);
        Files.writeString(dir.resolve(file), page.html(), StandardCharsets.UTF_8);
        if (page.planProblem() != null) {
          console.println(name + ": no capacity plan in the report: " + page.planProblem());
        }
        entries.add(
            new IndexPage.Entry(
                page.history(), file, headroom.getOrDefault(name, Double.NaN), page.planProblem()));
      }
    }
    Path index = dir.resolve("index.html");
    Files.writeString(index, IndexPage.render(entries, now, version()), StandardCharsets.UTF_8);
    return index;
  }

  /** CPU headroom per service from the catalogue's capacity_headroom query. */
  private static Map<String, Double> headroom(Connection jdbc, String database)
      throws java.sql.SQLException {
    Map<String, Double> out = new HashMap<>();
    for (Map<String, Object> row :
        QueryCatalogue.run(
            jdbc,
            "SELECT service, headroom_pct FROM ("
                + QueryCatalogue.sql("capacity_headroom", database)
                + ")")) {
      Object value = row.get("headroom_pct");
      if (value instanceof Number n) {
        out.put((String) row.get("service"), n.doubleValue());
      }
    }
    return out;
  }

  /**
   * {@code name}.html with characters unsafe in a file name replaced, unique among {@code taken}.
   */
  static String fileName(String name, Set<String> taken) {
    String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.isEmpty() || base.startsWith(".")) {
      base = "_" + base;
    }
    String file = base + ".html";
    for (int i = 2; !taken.add(file); i++) {
      file = base + "-" + i + ".html";
    }
    return file;
  }

  private record Page(ServiceHistory history, String planProblem, String html) {}

  private static Page page(
      HistoryReader reader, String service, Duration span, PlanSettings settings, Instant now)
      throws java.sql.SQLException {
    ServiceHistory history = reader.serviceHistory(service, "requests", span);
    CapacityPlan plan = null;
    String planProblem = null;
    try {
      plan = CapacityPlanner.plan(reader.capacityHistory(service), settings);
    } catch (IllegalArgumentException e) {
      planProblem = e.getMessage();
    }
    return new Page(
        history, planProblem, ReportPage.render(history, plan, planProblem, now, version()));
  }

  private static String version() {
    String version = HeadroomCommand.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
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
    Page page;
    try (Connection jdbc = ClickHouseConnections.open(where)) {
      page =
          page(new HistoryReader(jdbc, where.database()), service, span, settings, Instant.now());
    }
    String html = page.html();
    String planProblem = page.planProblem();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return planProblem;
  }
}
