package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.QueryCatalogue;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description =
        "Run one of the example queries of clickhouse/queries/ (or --sql) and print the result as a table.")
final class QueryCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = "p95_per_service_per_hour, top_services_by_p99, capacity_headroom, ...")
  String name;

  @Option(names = "--sql", description = "Any SQL to run instead")
  String sql;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "Print at most this many rows (default: ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() throws Exception {
    if ((name == null) == (sql == null)) {
      throw new IllegalArgumentException(
          "give a query NAME (" + String.join(", ", QueryCatalogue.NAMES) + ") or --sql");
    }
    String text = sql != null ? sql : QueryCatalogue.sql(name, connection.database);
    try (Connection c = ClickHouseConnections.open(connection.clickhouse())) {
      List<Map<String, Object>> rows = QueryCatalogue.run(c, text);
      System.out.print(Tables.render(rows, limit));
    }
    return 0;
  }
}
