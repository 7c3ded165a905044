package io.headroom.gateway.mapping;

import static io.headroom.gateway.mapping.SeriesMapperTest.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.sketch.SketchAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Prometheus classic histograms ({@code _bucket} series) through {@link SeriesMapper}. */
class ClassicHistogramsTest {
  private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final long T1 = T0 + 15_000;
  private static final long T2 = T0 + 30_000;
  private static final double STALE = Double.longBitsToDouble(SeriesMapper.STALE_NAN_BITS);
  private static final double[] BOUNDS = {0.1, 0.5, 1};

  private final SeriesMapper mapper = new SeriesMapper(MappingConfig.defaults());

  @Test
  void twoScrapesInOneRequest_becomeOneEventCarryingTheIntervalsSketch() {
    // Cumulative per le (0.1, 0.5, 1, +Inf): 10 20 25 30, then 15 40 50 55: in the interval 5
    // samples <= 0.1 s, 15 in (0.1, 0.5], 5 in (0.5, 1], none above; their sum grew 3 s → 8 s.
    List<PromSeries> request =
        new ArrayList<>(latency(new double[][] {{10, 20, 25, 30}, {15, 40, 50, 55}}, T0, T1));
    request.add(
        series(
            "http_request_duration_seconds_sum",
            Map.of("job", "api", "instance", "pod-1", "method", "GET"),
            T0,
            3.0,
            T1,
            8.0));

    SeriesMapper.Result result = mapper.map(request);

    MappedSample event =
        result.samples().stream().filter(s -> s.sketch() != null).findFirst().orElseThrow();
    assertThat(event.metric()).isEqualTo("latency_ms");
    assertThat(event.unit()).isEqualTo("ms");
    assertThat(event.kind()).isEqualTo(MetricKind.LATENCY_SAMPLE);
    assertThat(event.service()).isEqualTo("api");
    assertThat(event.instance()).isEqualTo("pod-1");
    assertThat(event.labels()).containsExactly(Map.entry("method", "GET"));
    assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(T1));
    SketchAccumulator sketch = SketchAccumulator.fromBytes(event.sketch());
    assertThat(sketch.count()).isEqualTo(25);
    assertThat(sketch.stats().sum())
        .as("the exact sum from _sum, in ms")
        .isCloseTo(5000, within(1e-6));
    assertThat(event.value()).as("mean = exact sum / count").isCloseTo(200, within(1e-9));
    // The median sample lies in (0.1, 0.5]: at sqrt(0.1 * 0.5) s = 223.6 ms, within the sketch's 1
    // %.
    assertThat(sketch.quantile(0.5)).isCloseTo(1000 * Math.sqrt(0.05), within(2.3));
    // The first bucket (-inf, 0.1] has no lower bound and Prometheus sends no minimum: its upper
    // bound.
    assertThat(sketch.quantile(0)).isCloseTo(100, within(1.0));
    assertThat(result.dropped(Drop.COUNTER_FIRST_SAMPLE))
        .as("the first scrape's 4 bucket samples only prime the histogram, as _sum's first does")
        .isEqualTo(5);
    assertThat(mapper.histogramSeries()).isEqualTo(1);
  }

  @Test
  void scrapesInSeparateRequests_areDifferencedPerHistogram_andEachHistogramApart() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));
    mapper.map(otherMethod(new double[] {1, 1, 1, 1}, T0));

    SeriesMapper.Result second = mapper.map(latency(new double[][] {{12, 22, 27, 32}}, T1));
    SeriesMapper.Result other = mapper.map(otherMethod(new double[] {1, 1, 1, 3}, T1));

    assertThat(sketchOf(second).count()).isEqualTo(2);
    assertThat(sketchOf(second).quantile(1)).isCloseTo(100, within(1.0));
    SketchAccumulator above = sketchOf(other);
    assertThat(above.count()).isEqualTo(2);
    // The +Inf bucket (1, inf) has no upper bound and no maximum: its lower bound, 1 s.
    assertThat(above.quantile(0.5)).isCloseTo(1000, within(10.0));
    assertThat(mapper.histogramSeries()).isEqualTo(2);
  }

  @Test
  void fewerSamplesThanBefore_isAReset_theScrapeItselfIsTheInterval() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));

    SeriesMapper.Result result = mapper.map(latency(new double[][] {{1, 2, 3, 3}}, T1));

    assertThat(result.counterResets()).isEqualTo(1);
    assertThat(sketchOf(result).count()).isEqualTo(3);
  }

  @Test
  void unchangedHistogram_isNoSamples_notAnEvent() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));

    SeriesMapper.Result result = mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T1));

    assertThat(result.samples()).isEmpty();
    assertThat(result.dropped(Drop.NO_SAMPLES)).isEqualTo(4);
  }

  @Test
  void bucketsWithoutInf_areAnIncompleteHistogram_andLeaveTheStateAlone() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));
    List<PromSeries> split = latency(new double[][] {{11, 21, 26, 31}}, T1).subList(0, 2);

    SeriesMapper.Result partial = mapper.map(split);
    SeriesMapper.Result whole = mapper.map(latency(new double[][] {{12, 22, 27, 32}}, T2));

    assertThat(partial.samples()).isEmpty();
    assertThat(partial.dropped(Drop.INCOMPLETE_HISTOGRAM)).isEqualTo(2);
    assertThat(sketchOf(whole).count()).as("differenced against T0").isEqualTo(2);
  }

  @Test
  void staleMarkers_forgetTheHistogram_soTheNextScrapeOnlyPrimesIt() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));

    SeriesMapper.Result stale =
        mapper.map(latency(new double[][] {{STALE, STALE, STALE, STALE}}, T1));
    SeriesMapper.Result back = mapper.map(latency(new double[][] {{40, 50, 60, 70}}, T2));

    assertThat(stale.dropped(Drop.STALE_MARKER)).isEqualTo(4);
    assertThat(back.samples()).isEmpty();
    assertThat(back.dropped(Drop.COUNTER_FIRST_SAMPLE)).isEqualTo(4);
  }

  @Test
  void countsGoingDownWithTheBound_orAnUnreadableLe_areInvalid() {
    SeriesMapper.Result decreasing =
        mapper.map(latency(new double[][] {{10, 20, 25, 30}, {10, 5, 25, 30}}, T0, T1));
    PromSeries badLe = series("x_bucket", Map.of("job", "api", "le", "fast"), T0, 1);
    PromSeries inf = series("x_bucket", Map.of("job", "api", "le", "+Inf"), T0, 1);

    SeriesMapper.Result unreadable = mapper.map(List.of(badLe, inf));

    assertThat(decreasing.dropped(Drop.INVALID)).isEqualTo(4);
    assertThat(unreadable.dropped(Drop.INVALID)).isEqualTo(2);
  }

  @Test
  void histogramWithoutServiceLabel_isNoService() {
    PromSeries bucket = series("x_bucket", Map.of("le", "+Inf"), T0, 1);

    assertThat(mapper.map(List.of(bucket)).dropped(Drop.NO_SERVICE)).isEqualTo(1);
  }

  @Test
  void otherHistograms_keepTheirName_secondsStaySeconds() {
    mapper.map(List.of(bucket("prometheus_http_request_duration_seconds", "+Inf", T0, 4)));

    MappedSample event =
        mapper
            .map(List.of(bucket("prometheus_http_request_duration_seconds", "+Inf", T1, 6)))
            .samples()
            .get(0);

    assertThat(event.metric()).isEqualTo("prometheus_http_request_duration_seconds");
    assertThat(event.unit()).isEqualTo("s");
    assertThat(event.kind()).isEqualTo(MetricKind.LATENCY_SAMPLE);
  }

  @Test
  void eventId_isStableForHistogramAndTime_soAResentScrapeKeepsIt() {
    mapper.map(latency(new double[][] {{10, 20, 25, 30}}, T0));
    String first =
        mapper.map(latency(new double[][] {{11, 21, 26, 31}}, T1)).samples().get(0).eventId();
    SeriesMapper again = new SeriesMapper(MappingConfig.defaults());
    again.map(latency(new double[][] {{10, 20, 25, 30}}, T0));

    assertThat(again.map(latency(new double[][] {{11, 21, 26, 31}}, T1)).samples().get(0).eventId())
        .isEqualTo(first);
  }

  /**
   * The stated bound: a quantile whose exact value lies in bucket (l, u], 0 < l, is within a factor
   * (1 + a) * sqrt(u / l) of it, a the sketch's accuracy. Prometheus' default buckets, lognormal
   * latencies.
   */
  @Test
  void quantiles_areWithinTheStatedBoundOfTheExactOnes() {
    double[] bounds = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    SplittableRandom random = new SplittableRandom(7);
    double[] samples = new double[20_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = 0.2 * Math.exp(0.8 * random.nextGaussian());
    }
    Map<String, Double> none = new HashMap<>();
    for (int i = 0; i < bounds.length; i++) {
      none.put(Double.toString(bounds[i]), 0.0);
    }
    none.put("+Inf", 0.0);
    mapper.map(buckets("rpc_duration_seconds", none, T0));
    Map<String, Double> cumulative = new HashMap<>();
    for (double bound : bounds) {
      cumulative.put(
          Double.toString(bound), (double) Arrays.stream(samples).filter(s -> s <= bound).count());
    }
    cumulative.put("+Inf", (double) samples.length);

    SketchAccumulator sketch =
        sketchOf(mapper.map(buckets("rpc_duration_seconds", cumulative, T1)));

    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    double a = SketchAccumulator.DEFAULT_RELATIVE_ACCURACY;
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
      int upper = 0;
      while (bounds[upper] < exact) {
        upper++;
      }
      double factor = (1 + a) * Math.sqrt(bounds[upper] / bounds[upper - 1]);
      assertThat(sketch.quantile(q))
          .as("p%s, exact %s in (%s, %s]", q * 100, exact, bounds[upper - 1], bounds[upper])
          .isBetween(exact / factor, exact * factor);
    }
  }

  /** The latency histogram {method=GET} of pod-1: one row of cumulative counts per time. */
  private static List<PromSeries> latency(double[][] countsPerTime, long... times) {
    return histogram(
        Map.of("job", "api", "instance", "pod-1", "method", "GET"), countsPerTime, times);
  }

  private static List<PromSeries> otherMethod(double[] counts, long time) {
    return histogram(
        Map.of("job", "api", "instance", "pod-1", "method", "POST"), new double[][] {counts}, time);
  }

  private static List<PromSeries> histogram(
      Map<String, String> labels, double[][] countsPerTime, long... times) {
    List<PromSeries> out = new ArrayList<>();
    for (int b = 0; b <= BOUNDS.length; b++) {
      Map<String, String> withLe = new HashMap<>(labels);
      withLe.put("le", b == BOUNDS.length ? "+Inf" : Double.toString(BOUNDS[b]));
      double[] pairs = new double[2 * times.length];
      for (int t = 0; t < times.length; t++) {
        pairs[2 * t] = times[t];
        pairs[2 * t + 1] = countsPerTime[t][b];
      }
      out.add(series("http_request_duration_seconds_bucket", withLe, pairs));
    }
    return out;
  }

  private static List<PromSeries> buckets(
      String name, Map<String, Double> cumulativeByLe, long time) {
    List<PromSeries> out = new ArrayList<>();
    cumulativeByLe.forEach(
        (le, count) ->
            out.add(series(name + "_bucket", Map.of("job", "api", "le", le), time, count)));
    return out;
  }

  private static PromSeries bucket(String name, String le, long time, double count) {
    return series(name + "_bucket", Map.of("job", "prometheus", "le", le), time, count);
  }

  private static SketchAccumulator sketchOf(SeriesMapper.Result result) {
    assertThat(result.samples()).hasSize(1);
    return SketchAccumulator.fromBytes(result.samples().get(0).sketch());
  }
}
