package io.headroom.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The DDL, the TTL retention path and every catalogued query on a current LTS server. Needs a
 * Docker engine and skips without one; on machines without Docker the same migrations and queries
 * run against the local 18.16 server in {@link ClickHouseLoaderIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class CurrentLtsServerIT {
  @Container
  private static final GenericContainer<?> CLICKHOUSE =
      new GenericContainer<>("clickhouse/clickhouse-server:25.8")
          .withEnv("CLICKHOUSE_SKIP_USER_SETUP", "1")
          .withExposedPorts(9000, 8123)
          .waitingFor(
              Wait.forHttp("/ping").forPort(8123).withStartupTimeout(Duration.ofMinutes(2)));

  @Test
  void migrationsWithTtl_andEveryExampleQuery_runOnTheCurrentLts() throws Exception {
    String url = "jdbc:clickhouse://" + CLICKHOUSE.getHost() + ":" + CLICKHOUSE.getMappedPort(9000);
    ClickHouseSettings settings = ClickHouseSettings.local(url).withRetentionDays(30);
    try (Connection connection = ClickHouseConnections.open(settings)) {
      assertThat(ClickHouseConnections.version(connection).supportsTtl()).isTrue();
      assertThat(Migrations.apply(connection, settings)).hasSize(Migrations.FILES.size());
      String ddl =
          (String)
              QueryCatalogue.run(
                      connection,
                      "SELECT create_table_query AS q FROM system.tables WHERE database = 'headroom' AND name = 'metric_events'")
                  .get(0)
                  .get("q");
      assertThat(ddl).contains("TTL");
      for (String name : QueryCatalogue.NAMES) {
        assertThat(QueryCatalogue.run(connection, QueryCatalogue.sql(name, "headroom")))
            .as(name)
            .isEmpty();
      }
    }
  }
}
