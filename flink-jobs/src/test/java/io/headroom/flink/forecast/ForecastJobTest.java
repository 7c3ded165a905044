package io.headroom.flink.forecast;

import static io.headroom.flink.Fixtures.minute;
import static io.headroom.flink.Fixtures.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.Fixtures;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forecast graph on a MiniCluster at parallelism 2: two services, keyed apart, each forecast as
 * core would.
 */
class ForecastJobTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void twoServices_atParallelismTwo_eachGetTheForecastsOfItsOwnModel() throws Exception {
    List<PercentileWindow> windows = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      windows.add(requests("checkout", n, 100 + n));
      windows.add(requests("search", n, 1000 - 3 * n));
      windows.add(Fixtures.gauge("checkout", "cpu_percent", n, 50)); // not forecast: filtered out
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataStream<PercentileWindow> source =
        env.fromData(windows, AvroBytesCodec.typeInfo(PercentileWindow.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<PercentileWindow>forMonotonousTimestamps()
                    .withTimestampAssigner((w, ts) -> w.getWindowEnd().toEpochMilli()));

    List<LoadForecast> out = new ArrayList<>();
    try (CloseableIterator<LoadForecast> results =
        ForecastJob.build(source, ForecastFunctionTest.SETTINGS).executeAndCollect()) {
      results.forEachRemaining(out::add);
    }

    Map<String, List<LoadForecast>> byService =
        out.stream()
            .filter(f -> f.getStepSeconds() == 60)
            .collect(Collectors.groupingBy(LoadForecast::getService));
    assertThat(byService).containsOnlyKeys("checkout", "search");
    // Every 5 min from the first boundary with an interval while data flows (..10:40), then until
    // 15 min after the last window (10:40 -> 10:55).
    assertThat(byService.get("checkout"))
        .extracting(LoadForecast::getFittedAt)
        .endsWith(minute(40), minute(45), minute(50), minute(55))
        .doesNotContain(minute(5));
    for (String service : List.of("checkout", "search")) {
      LoadForecaster reference = Forecasters.create("naive", Duration.ofMinutes(1));
      windows.stream()
          .filter(
              w ->
                  w.getService().equals(service)
                      && w.getMetric().equals("requests")
                      && w.getWindowEnd().compareTo(minute(30)) <= 0)
          .forEach(w -> reference.update(w.getWindowStart(), w.getSum()));
      LoadForecast atThirty =
          byService.get(service).stream()
              .filter(f -> f.getFittedAt().equals(minute(30)))
              .findFirst()
              .orElseThrow();
      assertThat(ForecastRecords.points(atThirty))
          .isEqualTo(reference.forecast(minute(30).minusMillis(1), 10));
    }
  }
}
