package io.headroom.bench;

import io.headroom.schemas.MetricEvent;
import io.headroom.stack.StackEndpoints;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The loader's ceiling: clickhouse-client inserting the same rows as TabSeparated from a file. */
final class ClickHouseClientBench {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ClickHouseClientBench() {}

  /** Rows per second, or NaN when no clickhouse-client is installed. */
  static double insertRowsPerSecond(StackEndpoints stack, BenchWorkload workload, String database)
      throws Exception {
    String client =
        List.of("/usr/bin/clickhouse-client", "/usr/local/bin/clickhouse-client").stream()
            .filter(c -> Files.isExecutable(Path.of(c)))
            .findFirst()
            .orElse(null);
    if (client == null) {
      return Double.NaN;
    }
    Path tsv = Files.createTempFile("headroom-bench", ".tsv");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(tsv)) {
        for (MetricEvent e : workload.events()) {
          out.write(
              String.join(
                  "\t",
                  e.getEventId(),
                  e.getService(),
                  e.getInstance(),
                  e.getMetric(),
                  e.getKind().name(),
                  Double.toString(e.getValue()),
                  e.getUnit(),
                  DATE_TIME.format(e.getEventTime()),
                  Long.toString(e.getEventTime().toEpochMilli()),
                  "[]",
                  "[]"));
          out.write('\n');
        }
      }
      String port = Integer.toString(stack.clickhouseNativePort());
      run(
          client,
          port,
          "CREATE TABLE IF NOT EXISTS "
              + database
              + ".metric_events_client AS "
              + database
              + ".metric_events");
      long start = System.nanoTime();
      Process insert =
          new ProcessBuilder(
                  client,
                  "--host",
                  "127.0.0.1",
                  "--port",
                  port,
                  "--query",
                  "INSERT INTO " + database + ".metric_events_client FORMAT TabSeparated")
              .redirectInput(tsv.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(insert.getInputStream().readAllBytes());
      if (insert.waitFor() != 0) {
        throw new IllegalStateException("clickhouse-client insert failed: " + output.strip());
      }
      return workload.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      Files.deleteIfExists(tsv);
    }
  }

  private static void run(String client, String port, String sql) throws Exception {
    Process process =
        new ProcessBuilder(client, "--host", "127.0.0.1", "--port", port, "--query", sql)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("clickhouse-client failed: " + output.strip());
    }
  }
}
