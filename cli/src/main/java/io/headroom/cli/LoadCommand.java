package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.LoaderSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Run the ClickHouse loader until Ctrl-C: every topic into its table in batches, offsets committed",
      "only after ClickHouse acknowledged the insert. Applies the DDL migrations first."
    })
final class LoadCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--batch-rows",
      defaultValue = "20000",
      description = "Rows per insert (default: ${DEFAULT-VALUE})")
  int batchRows;

  @Option(
      names = "--workers",
      defaultValue = "" + LoaderSettings.DEFAULT_WORKERS_PER_TOPIC,
      description =
          "Consumers per topic, each with its own ClickHouse connection (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(
      names = "--retention-days",
      defaultValue = "0",
      description = "Keep this many days; 0 keeps all (default)")
  int retentionDays;

  @Override
  public Integer call() throws Exception {
    LoaderSettings settings =
        new LoaderSettings(
            connection.bootstrapServers(),
            "headroom-loader",
            connection.clickhouse().withRetentionDays(retentionDays),
            batchRows,
            Duration.ofSeconds(1),
            workers);
    CountDownLatch stopped = new CountDownLatch(1);
    try (ClickHouseLoader loader =
        ClickHouseLoader.start(settings, ClickHouseLoader.defaultRoutes())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.err.println(
          "loading into "
              + settings.clickhouse().jdbcUrl()
              + "/"
              + settings.clickhouse().database()
              + "; Ctrl-C to stop");
      stopped.await();
    }
    return 0;
  }
}
