package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.QueryCatalogue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description =
        "Run one of the example queries of clickhouse/queries/ (or --sql) and print the result as a"
            + " table, CSV or JSON, numbers exactly as stored.",
    footer = {
      "",
      "Examples:",
      "  ./headroom query p95_per_service_per_hour",
      "  ./headroom query --sql \"SELECT service, max(p95) FROM headroom.percentile_windows GROUP BY service\" --format csv"
    })
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
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|csv|json",
      converter = FormatConverter.class,
      description = "How to print the rows (default: ${DEFAULT-VALUE})")
  QueryFormat format;

  @Spec CommandSpec spec;

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
      List<Map<String, Object>> rows;
      try {
        rows = QueryCatalogue.run(c, text);
      } catch (SQLException e) {
        // The server's message is followed by its own stack trace: its first line says it all.
        throw new IllegalArgumentException("query failed: " + firstLine(e.getMessage()), e);
      }
      spec.commandLine().getOut().print(format.render(rows, limit));
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  static String firstLine(String message) {
    String text = String.valueOf(message).strip();
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end).strip();
    int trace = line.indexOf(" Stack trace:");
    return trace < 0 ? line : line.substring(0, trace);
  }

  /** {@code table}, {@code csv} or {@code json}, in any case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<QueryFormat> {
    @Override
    public QueryFormat convert(String value) {
      for (QueryFormat f : QueryFormat.values()) {
        if (f.name().equalsIgnoreCase(value.strip())) {
          return f;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not one of table, csv, json");
    }
  }
}
