package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.metric.MetricKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesMapperTest {
  private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final double STALE = Double.longBitsToDouble(SeriesMapper.STALE_NAN_BITS);

  private final SeriesMapper mapper = new SeriesMapper(MappingConfig.defaults());

  @Test
  void gauge_keepsNameAndValue_serviceFromJob_instanceApart_otherLabelsKept() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "prometheus_build_info",
                    Map.of("job", "prometheus", "instance", "127.0.0.1:9090", "version", "2.42.0"),
                    T0,
                    1)));

    assertThat(result.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.service()).isEqualTo("prometheus");
              assertThat(s.instance()).isEqualTo("127.0.0.1:9090");
              assertThat(s.metric()).isEqualTo("prometheus_build_info");
              assertThat(s.kind()).isEqualTo(MetricKind.GAUGE);
              assertThat(s.value()).isEqualTo(1.0);
              assertThat(s.eventTime()).isEqualTo(Instant.ofEpochMilli(T0));
              assertThat(s.labels()).containsExactly(Map.entry("version", "2.42.0"));
            });
  }

  @Test
  void serviceLabel_winsOverJob_andJobStaysALabel() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "queue_depth",
                    Map.of("job", "kubernetes-pods", "service", "checkout"),
                    T0,
                    7)));

    assertThat(result.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.service()).isEqualTo("checkout");
              assertThat(s.instance()).isEmpty();
              assertThat(s.labels()).containsExactly(Map.entry("job", "kubernetes-pods"));
            });
  }

  @Test
  void cpuSecondsCounter_becomesCpuPercentOfOneCore() {
    // node_cpu_seconds_total{cpu="0",mode="user"} rising 0.5 s over 2 s: a quarter of a core, 25 %.
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "node_cpu_seconds_total",
                    Map.of("job", "node", "cpu", "0", "mode", "user"),
                    T0,
                    100.0,
                    T0 + 1_000,
                    100.2,
                    T0 + 2_000,
                    100.5)));

    assertThat(result.dropped(Drop.COUNTER_FIRST_SAMPLE)).isEqualTo(1);
    assertThat(result.samples()).extracting(MappedSample::metric).containsOnly("cpu_percent");
    assertThat(result.samples()).hasSize(2);
    assertThat(result.samples().get(0).value()).isCloseTo(20.0, within(1e-9));
    assertThat(result.samples().get(1).value()).isCloseTo(30.0, within(1e-9));
    assertThat(result.samples()).extracting(MappedSample::unit).containsOnly("percent");
    assertThat(result.samples().get(0).labels())
        .containsOnly(Map.entry("cpu", "0"), Map.entry("mode", "user"));
  }

  @Test
  void requestsCounter_becomesRequestsPerSecond_acrossRequests() {
    mapper.map(
        List.of(
            series(
                "prometheus_http_requests_total",
                Map.of("job", "prometheus", "code", "200"),
                T0,
                40)));
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "prometheus_http_requests_total",
                    Map.of("job", "prometheus", "code", "200"),
                    T0 + 5_000,
                    50)));

    assertThat(result.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.metric()).isEqualTo("requests_per_second");
              assertThat(s.value()).isEqualTo(2.0);
              assertThat(s.unit()).isEqualTo("requests/s");
            });
  }

  @Test
  void counterReset_givesTheNewValueAsIncrease_neverANegativeRate() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(series("go_gc_cycles_total", Map.of("job", "api"), T0, 500, T0 + 10_000, 20)));

    assertThat(result.counterResets()).isEqualTo(1);
    assertThat(result.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.metric()).isEqualTo("go_gc_cycles_per_second");
              assertThat(s.value()).isEqualTo(2.0);
            });
  }

  @Test
  void stalenessMarker_isDroppedAndCounted_andEndsTheCounterSeries() {
    Map<String, String> labels = Map.of("job", "api");
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "http_requests_total",
                    labels,
                    T0,
                    10,
                    T0 + 1_000,
                    20,
                    T0 + 2_000,
                    STALE,
                    T0 + 3_000,
                    25),
                series("up", labels, T0, 1, T0 + 2_000, STALE)));

    assertThat(result.dropped(Drop.STALE_MARKER)).isEqualTo(2);
    assertThat(result.dropped(Drop.NAN)).isZero();
    // After the marker the series starts over: 25 is a first sample again, not a rate of 5 over 2
    // s.
    assertThat(result.dropped(Drop.COUNTER_FIRST_SAMPLE)).isEqualTo(2);
    assertThat(result.samples())
        .extracting(MappedSample::metric, MappedSample::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("requests_per_second", 10.0),
            org.assertj.core.groups.Tuple.tuple("up", 1.0));
  }

  @Test
  void ordinaryNaN_isDroppedAndCountedApartFromStaleness() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "go_memstats_heap_alloc_bytes",
                    Map.of("job", "api"),
                    T0,
                    Double.NaN,
                    T0 + 1_000,
                    1024)));

    assertThat(result.dropped(Drop.NAN)).isEqualTo(1);
    assertThat(result.dropped(Drop.STALE_MARKER)).isZero();
    assertThat(result.samples()).extracting(MappedSample::value).containsExactly(1024.0);
  }

  @Test
  void histogramCountAndSum_becomeRates_besideTheBucketsSketch() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(
                series(
                    "http_request_duration_seconds_count",
                    Map.of("job", "api"),
                    T0,
                    3,
                    T0 + 1_000,
                    5)));

    assertThat(result.samples())
        .singleElement()
        .extracting(MappedSample::metric)
        .isEqualTo("http_request_duration_seconds_count_per_second");
  }

  @Test
  void unmappedSeries_droppedCounted_andReportedOncePerNewSeries() {
    SeriesMapper narrow = new SeriesMapper(MappingConfig.parse("rules:\n  - {match: up}\n"));
    PromSeries other = series("go_goroutines", Map.of("job", "api"), T0, 12, T0 + 1_000, 13);

    SeriesMapper.Result first =
        narrow.map(List.of(other, series("up", Map.of("job", "api"), T0, 1)));
    SeriesMapper.Result second = narrow.map(List.of(other));

    assertThat(first.dropped(Drop.UNMAPPED)).isEqualTo(2);
    assertThat(first.newlyUnmapped()).containsExactly("go_goroutines{job=\"api\"}");
    assertThat(first.samples()).hasSize(1);
    assertThat(second.dropped(Drop.UNMAPPED)).isEqualTo(2);
    assertThat(second.newlyUnmapped()).isEmpty();
  }

  @Test
  void seriesWithoutServiceOrJob_isDroppedAsNoService() {
    SeriesMapper.Result result = mapper.map(List.of(series("up", Map.of("instance", "x"), T0, 1)));

    assertThat(result.samples()).isEmpty();
    assertThat(result.dropped(Drop.NO_SERVICE)).isEqualTo(1);
  }

  @Test
  void infiniteGauge_isRejectedByTheCoreValidator() {
    SeriesMapper.Result result =
        mapper.map(
            List.of(series("x_seconds", Map.of("job", "api"), T0, Double.POSITIVE_INFINITY)));

    assertThat(result.samples()).isEmpty();
    assertThat(result.dropped(Drop.INVALID)).isEqualTo(1);
  }

  @Test
  void eventId_isStableForSeriesAndTime_soAResentSampleKeepsIt() {
    PromSeries up = series("up", Map.of("job", "api"), T0, 1);

    String first = mapper.map(List.of(up)).samples().get(0).eventId();
    String again = mapper.map(List.of(up)).samples().get(0).eventId();
    String later =
        mapper
            .map(List.of(series("up", Map.of("job", "api"), T0 + 1, 1)))
            .samples()
            .get(0)
            .eventId();

    assertThat(again).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
  }

  /** A series named {@code name} with labels and alternating (time, value) pairs. */
  static PromSeries series(String name, Map<String, String> labels, double... timeValuePairs) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(PromSeries.NAME_LABEL, name);
    int n = timeValuePairs.length / 2;
    long[] timestamps = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      timestamps[i] = (long) timeValuePairs[2 * i];
      values[i] = timeValuePairs[2 * i + 1];
    }
    return PromSeries.of(all, timestamps, values);
  }
}
