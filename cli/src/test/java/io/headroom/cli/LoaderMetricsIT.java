package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseLoader;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.LoaderSettings;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code load --metrics-port}: a running loader's figures, scraped as Prometheus would. */
@ExtendWith(LocalStackExtension.class)
class LoaderMetricsIT {
  @Test
  void aRunningLoader_servesItsRowsRefusalsAndHealth_inThePrometheusTextFormat(StackEndpoints stack)
      throws Exception {
    ClickHouseSettings clickhouse =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase("it_loader_metrics");
    try (ClickHouseLoader loader =
            ClickHouseLoader.start(
                LoaderSettings.defaults(stack.bootstrapServers(), clickhouse),
                ClickHouseLoader.defaultRoutes());
        MetricsEndpoint metrics =
            MetricsEndpoint.serve(
                0, registry -> LoaderMetrics.register(registry, loader, LoadCommand.tables()))) {
      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("headroom_loader_rows_total{table=\"metric_events\"} 0")
          .contains("headroom_loader_refused_total{table=\"percentile_windows\"} 0")
          .containsPattern("headroom_loader_healthy [01]");
    }
  }
}
