package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.SchemaHistory;
import io.headroom.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PercentileTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** The wall clock of every test: a day after T0, so the tests' events are in its past. */
  private static final Clock WALL_CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  private TopologyTestDriver driver;
  private final AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
  private TestInputTopic<String, MetricEvent> input;
  private TestInputTopic<String, byte[]> rawInput;
  private TestOutputTopic<String, PercentileWindow> windows;
  private TestOutputTopic<String, byte[]> deadLetters;
  private int sequence;

  @BeforeEach
  void setUp() {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", "unused:9092");
    properties.setProperty(StreamsSettings.WINDOWS, "1m,1h");
    properties.setProperty(StreamsSettings.GRACE, "10s");
    properties.setProperty(StreamsSettings.STORE, "in-memory");
    StreamsSettings settings = StreamsSettings.fromProperties(properties);
    driver =
        new TopologyTestDriver(
            PercentileTopology.build(settings, WALL_CLOCK), settings.streamsConfig());
    input =
        driver.createInputTopic(
            Topics.METRICS_RAW,
            new StringSerializer(),
            AvroSerdes.of(MetricEvent.class).serializer());
    rawInput =
        driver.createInputTopic(
            Topics.METRICS_RAW, new StringSerializer(), new ByteArraySerializer());
    windows =
        driver.createOutputTopic(
            Topics.METRICS_WINDOWS,
            new StringDeserializer(),
            AvroSerdes.of(PercentileWindow.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.METRICS_DLQ, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void closedWindow_hasExactCountMinMaxMean_andPercentilesWithinOnePercent() {
    SplittableRandom random = new SplittableRandom(11);
    double[] latencies = new double[500];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = 5 + 200 * Math.exp(random.nextGaussian());
      pipe(
          event(
              "checkout",
              "latency_ms",
              MetricKind.LATENCY_SAMPLE,
              latencies[i],
              T0.plusMillis(i * 100L)));
    }
    pipe(event("checkout", "cpu_percent", MetricKind.GAUGE, 40, T0.plusSeconds(30)));
    closeWindowsBefore(T0.plus(MINUTE));

    PercentileWindow latency = only(windows.readValuesToList(), "checkout", "latency_ms", MINUTE);

    Arrays.sort(latencies);
    assertThat(latency.getWindowStart()).isEqualTo(T0);
    assertThat(latency.getWindowEnd()).isEqualTo(T0.plus(MINUTE));
    assertThat(latency.getCount()).isEqualTo(500);
    assertThat(latency.getMin()).isEqualTo(latencies[0]);
    assertThat(latency.getMax()).isEqualTo(latencies[499]);
    assertThat(latency.getMean())
        .isCloseTo(Arrays.stream(latencies).average().orElseThrow(), within(1e-9));
    assertThat(latency.getRate()).isCloseTo(500 / 60.0, within(1e-9));
    assertWithinRelativeAccuracy(latency.getP50(), exactQuantile(latencies, 0.50));
    assertWithinRelativeAccuracy(latency.getP90(), exactQuantile(latencies, 0.90));
    assertWithinRelativeAccuracy(latency.getP95(), exactQuantile(latencies, 0.95));
    assertWithinRelativeAccuracy(latency.getP99(), exactQuantile(latencies, 0.99));
  }

  @Test
  void histogramEvents_mergeTheirSketchIntoTheWindow_andABadSketchGoesToTheDeadLetterTopic() {
    // Two histogram points (as the gateway sends them) and one plain sample in the same minute.
    SketchAccumulator first = new SketchAccumulator(0.01).add(10, 90).add(100, 10);
    SketchAccumulator second = new SketchAccumulator(0.01).add(1000, 5);
    pipe(withSketch(event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 19, T0), first));
    pipe(
        withSketch(
            event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 1000, T0.plusSeconds(5)),
            second));
    pipe(event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 50, T0.plusSeconds(9)));
    pipe(
        MetricEvent.newBuilder(
                event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 1, T0.plusSeconds(10)))
            .setSketch(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .build());
    closeWindowsBefore(T0.plus(MINUTE));

    PercentileWindow latency = only(windows.readValuesToList(), "api", "latency_ms", MINUTE);
    assertThat(latency.getCount()).isEqualTo(106);
    assertThat(latency.getSum()).isCloseTo(90 * 10 + 10 * 100 + 5 * 1000 + 50, within(1e-6));
    assertThat(latency.getMax()).isEqualTo(1000);
    assertWithinRelativeAccuracy(latency.getP50(), 10);
    assertWithinRelativeAccuracy(latency.getP99(), 1000);
    assertThat(deadLetters.readRecordsToList())
        .singleElement()
        .satisfies(r -> assertThat(reason(r)).startsWith("sketch: "));
  }

  private static MetricEvent withSketch(MetricEvent event, SketchAccumulator samples) {
    return MetricEvent.newBuilder(event)
        .setSketch(java.nio.ByteBuffer.wrap(samples.toBytes()))
        .build();
  }

  @Test
  void counterRate_isTheSumPerSecond() {
    pipe(event("api", "requests", MetricKind.COUNTER, 600, T0.plusSeconds(10)));
    pipe(event("api", "requests", MetricKind.COUNTER, 300, T0.plusSeconds(40)));
    closeWindowsBefore(T0.plus(MINUTE));

    PercentileWindow requests = only(windows.readValuesToList(), "api", "requests", MINUTE);
    assertThat(requests.getSum()).isEqualTo(900);
    assertThat(requests.getRate()).isCloseTo(15.0, within(1e-9));
  }

  @Test
  void lateEventWithinGrace_updatesItsWindow_andLaterOnesGoToTheDeadLetterTopic() {
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 10, T0.plusSeconds(5)));
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 20, T0.plus(MINUTE).plusSeconds(5)));
    pipe(
        event(
            "api",
            "cpu_percent",
            MetricKind.GAUGE,
            30,
            T0.plusSeconds(50))); // 15 s late, grace 10 s: window still open
    pipe(
        event(
            "api",
            "cpu_percent",
            MetricKind.GAUGE,
            40,
            T0.plus(MINUTE).plusSeconds(11))); // closes [T0, T0+1m)
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 99, T0.plusSeconds(55))); // too late

    PercentileWindow first = only(windows.readValuesToList(), "api", "cpu_percent", MINUTE);
    assertThat(first.getCount()).isEqualTo(2);
    assertThat(first.getMax()).isEqualTo(30);

    List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
    assertThat(rejected).hasSize(1);
    assertThat(reason(rejected.get(0))).startsWith("late: window starting " + T0);
    assertThat(header(rejected.get(0), Topics.DLQ_SOURCE_HEADER))
        .startsWith(Topics.METRICS_RAW + "-0@");
  }

  @Test
  void impossibleValues_goToTheDeadLetterTopic_withTheReason_andProcessingContinues() {
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 45, T0));
    MetricEvent negative =
        event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, -3, T0.plusSeconds(1));
    pipe(negative);
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, Double.NaN, T0.plusSeconds(2)));
    pipe(
        event(
            "api",
            "cpu_percent",
            MetricKind.GAUGE,
            50,
            T0.plus(Duration.ofDays(3)))); // far ahead of stream time
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 50, T0.plusSeconds(3)));
    closeWindowsBefore(T0.plus(MINUTE));

    List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
    List<String> reasons = rejected.stream().map(PercentileTopologyTest::reason).toList();
    assertThat(reasons).hasSize(3);
    assertThat(rejected.get(0).value())
        .as("the record as it arrived")
        .isEqualTo(codec.encode(negative));
    assertThat(reasons.get(0)).contains("negative");
    assertThat(reasons.get(1)).contains("not a finite number");
    assertThat(reasons.get(2)).contains("after stream time");
    assertThat(only(windows.readValuesToList(), "api", "cpu_percent", MINUTE).getCount())
        .isEqualTo(2);
  }

  @Test
  void futureDatedEventOnAFreshPartition_goesToTheDeadLetterTopic_andLaterEventsStillAggregate() {
    Instant tenYearsAhead = WALL_CLOCK.instant().plus(Duration.ofDays(3653));
    MetricEvent future = event("api", "cpu_percent", MetricKind.GAUGE, 50, tenYearsAhead);
    pipe(future); // the partition's first event: there is no stream time to compare it with
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 10, T0.plusSeconds(5)));
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 20, T0.plusSeconds(15)));
    closeWindowsBefore(T0.plus(MINUTE));

    List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).value()).isEqualTo(codec.encode(future));
    assertThat(reason(rejected.get(0)))
        .isEqualTo(
            "event time "
                + tenYearsAhead
                + " is more than PT1H after the wall clock "
                + WALL_CLOCK.instant());
    PercentileWindow cpu = only(windows.readValuesToList(), "api", "cpu_percent", MINUTE);
    assertThat(cpu.getCount()).isEqualTo(2);
    assertThat(cpu.getMax()).isEqualTo(20);
  }

  @Test
  void eventsProducedTwice_areCountedOnce_andTheRepeatsAreCounted() {
    List<MetricEvent> replay = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      replay.add(
          event("api", "latency_ms", MetricKind.LATENCY_SAMPLE, 1 + i, T0.plusMillis(i * 500L)));
    }
    replay.forEach(this::pipe);
    replay.forEach(this::pipe); // a re-run replay: same event ids, windows still open
    closeWindowsBefore(T0.plus(MINUTE));

    PercentileWindow latency = only(windows.readValuesToList(), "api", "latency_ms", MINUTE);
    assertThat(latency.getCount()).isEqualTo(100);
    assertThat(latency.getSum()).isEqualTo(5050);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(duplicatesCounted()).isEqualTo(100);
  }

  @Test
  void countedEventIds_areKeptInTheChangeloggedStore_soARestartStillDropsRepeats() {
    List<MetricEvent> firstRun = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      firstRun.add(event("api", "cpu_percent", MetricKind.GAUGE, i, T0.plusSeconds(i)));
    }
    firstRun.forEach(this::pipe); // the driver commits after every record
    OpenWindowStore store = (OpenWindowStore) driver.getStateStore(PercentileProcessor.STORE);
    store.clearCache(); // what a restart leaves: only what the changelogged store holds

    firstRun.forEach(this::pipe);
    closeWindowsBefore(T0.plus(MINUTE));

    assertThat(only(windows.readValuesToList(), "api", "cpu_percent", MINUTE).getCount())
        .isEqualTo(50);
    assertThat(duplicatesCounted()).isEqualTo(50);
  }

  @Test
  void aRepeatOfAnEventWhoseWindowClosed_isLate_notCountedAgain() {
    MetricEvent first = event("api", "cpu_percent", MetricKind.GAUGE, 10, T0.plusSeconds(1));
    pipe(first);
    closeWindowsBefore(T0.plus(MINUTE));
    pipe(first);

    assertThat(only(windows.readValuesToList(), "api", "cpu_percent", MINUTE).getCount())
        .isEqualTo(1);
    assertThat(reason(deadLetters.readRecord())).startsWith("late:");
  }

  private double duplicatesCounted() {
    return driver.metrics().entrySet().stream()
        .filter(e -> isDuplicatesTotal(e.getKey()))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  private static boolean isDuplicatesTotal(MetricName name) {
    return name.name().equals(PercentileProcessor.DUPLICATES + "-total")
        && name.group().contains(PercentileProcessor.METRICS_SCOPE);
  }

  @Test
  void
      undecodableRecords_goToTheDeadLetterTopicAsTheyArrived_withTheReason_andProcessingContinues() {
    byte[] valid = codec.encode(event("api", "cpu_percent", MetricKind.GAUGE, 45, T0));
    byte[] unknownSchema = valid.clone();
    unknownSchema[5] ^= 0x5A; // inside the fingerprint
    byte[] truncated = Arrays.copyOf(valid, 14);
    byte[] notAvro = "cpu=45".getBytes(StandardCharsets.UTF_8);
    for (byte[] bad : List.of(notAvro, unknownSchema, truncated)) {
      rawInput.pipeInput("api", bad, T0);
    }
    rawInput.pipeInput("api", valid, T0);
    closeWindowsBefore(T0.plus(MINUTE));

    List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
    assertThat(rejected)
        .extracting(TestRecord::value)
        .containsExactly(notAvro, unknownSchema, truncated);
    assertThat(rejected).extracting(TestRecord::key).containsOnly("api");
    assertThat(rejected.stream().map(PercentileTopologyTest::reason).toList())
        .satisfiesExactly(
            r -> assertThat(r).startsWith("not Avro single-object encoding"),
            r -> assertThat(r).startsWith("unknown schema"),
            r -> assertThat(r).startsWith("corrupt MetricEvent payload"));
    assertThat(only(windows.readValuesToList(), "api", "cpu_percent", MINUTE).getCount())
        .isEqualTo(1);
  }

  @Test
  void eventsOfTheFirstReleasedSchema_areWindowedLikeCurrentOnes() {
    Schema v1 = SchemaHistory.versionsOf(MetricEvent.getClassSchema().getFullName()).get(0);
    GenericRecord old = new GenericData.Record(v1);
    old.put("eventId", "old-1");
    old.put("service", "api");
    old.put("instance", "api-0");
    old.put("metric", "cpu_percent");
    old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "GAUGE"));
    old.put("value", 70.0);
    old.put("eventTime", T0.plusSeconds(1).toEpochMilli());
    rawInput.pipeInput(
        "api", toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1), old), T0);
    pipe(event("api", "cpu_percent", MetricKind.GAUGE, 30, T0.plusSeconds(2)));
    closeWindowsBefore(T0.plus(MINUTE));

    PercentileWindow cpu = only(windows.readValuesToList(), "api", "cpu_percent", MINUTE);
    assertThat(cpu.getCount()).isEqualTo(2);
    assertThat(cpu.getMax()).isEqualTo(70.0);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  private static byte[] toArray(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
    try {
      var buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void hourWindow_equalsTheMergeOfItsSixtyMinuteWindows() {
    SplittableRandom random = new SplittableRandom(5);
    for (int second = 0; second < 3600; second += 2) {
      pipe(
          event(
              "search",
              "latency_ms",
              MetricKind.LATENCY_SAMPLE,
              1 + 500 * random.nextDouble() * random.nextDouble(),
              T0.plusSeconds(second)));
    }
    // The hour closes once a minute window starting at its end has closed.
    pipe(
        event(
            "zz-clock",
            "cpu_percent",
            MetricKind.GAUGE,
            0,
            T0.plus(Duration.ofHours(1)).plusSeconds(5)));
    closeWindowsBefore(T0.plus(Duration.ofHours(1)).plus(MINUTE));

    List<PercentileWindow> all =
        windows.readValuesToList().stream().filter(w -> w.getService().equals("search")).toList();
    List<PercentileWindow> minutes = all.stream().filter(w -> duration(w).equals(MINUTE)).toList();
    PercentileWindow hour = only(all, "search", "latency_ms", Duration.ofHours(1));
    SketchAccumulator merged = PercentileWindowMapper.toAccumulator(minutes.get(0));
    minutes.stream().skip(1).forEach(m -> merged.merge(PercentileWindowMapper.toAccumulator(m)));

    assertThat(minutes).hasSize(60);
    assertThat(merged.count()).isEqualTo(hour.getCount());
    var rolledUp = merged.stats();
    assertThat(rolledUp.p50()).isEqualTo(hour.getP50());
    assertThat(rolledUp.p90()).isEqualTo(hour.getP90());
    assertThat(rolledUp.p95()).isEqualTo(hour.getP95());
    assertThat(rolledUp.p99()).isEqualTo(hour.getP99());
    assertThat(rolledUp.min()).isEqualTo(hour.getMin());
    assertThat(rolledUp.max()).isEqualTo(hour.getMax());
    assertThat(rolledUp.sum()).isCloseTo(hour.getSum(), within(1e-6));
  }

  private void pipe(MetricEvent event) {
    input.pipeInput(event.getService(), event, event.getEventTime());
  }

  /** Advances stream time past the grace period of every window ending at or before {@code end}. */
  private void closeWindowsBefore(Instant end) {
    pipe(event("zz-clock", "cpu_percent", MetricKind.GAUGE, 0, end.plusSeconds(11)));
  }

  private MetricEvent event(
      String service, String metric, MetricKind kind, double value, Instant at) {
    return MetricEvent.newBuilder()
        .setEventId("e" + sequence++)
        .setService(service)
        .setInstance(service + "-0")
        .setMetric(metric)
        .setKind(kind)
        .setValue(value)
        .setEventTime(at)
        .build();
  }

  static PercentileWindow only(
      List<PercentileWindow> all, String service, String metric, Duration size) {
    List<PercentileWindow> matching = new ArrayList<>();
    for (PercentileWindow w : all) {
      if (w.getService().equals(service)
          && w.getMetric().equals(metric)
          && duration(w).equals(size)) {
        matching.add(w);
      }
    }
    assertThat(matching).as("windows of %s/%s/%s in %s", service, metric, size, all).hasSize(1);
    return matching.get(0);
  }

  static Duration duration(PercentileWindow w) {
    return Duration.between(w.getWindowStart(), w.getWindowEnd());
  }

  /** The lower exact quantile, the definition DDSketch's guarantee refers to. */
  static double exactQuantile(double[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  static void assertWithinRelativeAccuracy(double actual, double exact) {
    assertThat(actual).isCloseTo(exact, within(exact * 0.01 + 1e-9));
  }

  private static String reason(TestRecord<String, byte[]> record) {
    return header(record, Topics.DLQ_REASON_HEADER);
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
