package io.headroom.cli;

import io.headroom.cli.report.Json;
import io.headroom.cli.report.PlanOptions;
import io.headroom.cli.report.PlanView;
import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.HistoryReader;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.PlanSettings;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom plan}: reads a service's history from ClickHouse and prints a capacity plan
 * (the math is {@link CapacityPlanner}'s), with the requests and limits per container, as a table
 * or JSON.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Capacity plan for a service from its ClickHouse history: load projected N months ahead (linear trend"
            + " with 95 %% interval, or a monthly growth rate) for baseline / p95 / peak / peak+20 %%, turned into replicas,"
            + " CPU, memory and monthly cost, and which scenario fits a budget or memory limit; then the requests and"
            + " limits per container recommended from the CPU and memory history by the Kubernetes VPA recommender's rules.")
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Option(
      names = "--service",
      required = true,
      paramLabel = "NAME",
      description = "service to plan for")
  String service;

  @Mixin PlanOptions planOptions;

  @Option(names = "--json", description = "print the plan as JSON instead of a table")
  boolean json;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    PlanSettings settings = planOptions.settings();
    ClickHouseSettings where = connection.clickhouse();
    CapacityPlan plan;
    try (Connection jdbc = ClickHouseConnections.open(where)) {
      plan =
          CapacityPlanner.plan(
              new HistoryReader(jdbc, where.database()).capacityHistory(service), settings);
    }
    var out = commandSpec.commandLine().getOut();
    out.print(
        json
            ? Json.write(PlanView.toMap(plan), true) + System.lineSeparator()
            : PlanView.table(plan));
    out.flush();
    return 0;
  }
}
