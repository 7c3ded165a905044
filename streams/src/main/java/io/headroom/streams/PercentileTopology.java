package io.headroom.streams;

import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * metrics.raw → validation (bad and late events to the dead-letter topic) → per service, one
 * event-time tumbling window aggregation per configured size → one {@link PercentileWindow} per
 * service × metric × window, emitted once when the window closes (after its grace period).
 */
public final class PercentileTopology {
  private static final Serde<ServiceWindow> SERVICE_WINDOW_SERDE =
      Serdes.serdeFrom((t, w) -> w.toBytes(), (t, b) -> ServiceWindow.fromBytes(b));

  private PercentileTopology() {}

  public static Topology build(StreamsSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();
    // One key per task, backed by its changelog: memory is enough and avoids a RocksDB flush per commit.
    // Cached, so its changelog gets one record per commit rather than one per event.
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ValidationProcessor.STREAM_TIME_STORE), Serdes.String(), Serdes.Long())
        .withCachingEnabled());

    KStream<String, CheckedEvent> checked = builder
        .stream(settings.inputTopic(), Consumed.with(Serdes.String(), AvroSerdes.of(MetricEvent.class)))
        .processValues(() -> new ValidationProcessor(settings), Named.as("validate"), ValidationProcessor.STREAM_TIME_STORE);

    var branches = checked.split(Named.as("checked-"))
        .branch((service, event) -> event.isValid(), Branched.as("valid"))
        .defaultBranch(Branched.as("rejected"));

    branches.get("checked-rejected")
        .processValues(DeadLetterProcessor::new, Named.as("dead-letter"))
        .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));

    KStream<String, MetricEvent> valid = branches.get("checked-valid").mapValues(CheckedEvent::event);
    Serde<PercentileWindow> windowSerde = AvroSerdes.of(PercentileWindow.class);
    Duration smallest = settings.smallestWindow();
    String name = "window-" + smallest.toSeconds() + "s";
    KStream<Windowed<String>, ServiceWindow> closed = valid
        .groupByKey(Grouped.with(name + "-grouped", Serdes.String(), AvroSerdes.of(MetricEvent.class)))
        .windowedBy(TimeWindows.ofSizeAndGrace(smallest, settings.grace()))
        .aggregate(
            () -> new ServiceWindow(settings.relativeAccuracy()),
            (service, event, window) -> window.add(event.getMetric(), event.getKind(), event.getValue()),
            Named.as(name),
            windowStore(settings, name + "-store", smallest))
        // Final results only: one record per window once stream time passes its end + grace.
        // (suppress rather than EmitStrategy.onWindowClose, whose check is throttled by wall-clock time.)
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName(name + "-final"))
        .toStream(Named.as(name + "-closed"));
    closed.flatMap((window, aggregate) -> perMetric(window.key(),
            new ClosedWindow(window.window().start(), window.window().end(), aggregate)), Named.as(name + "-per-metric"))
        .to(settings.outputTopic(), Produced.with(Serdes.String(), windowSerde));

    for (Duration size : settings.windows().subList(1, settings.windows().size())) {
      String rollup = "rollup-" + size.toSeconds() + "s";
      // Open roll-ups only (one per service), changelogged; cached so the changelog sees one write per commit.
      builder.addStateStore(Stores.keyValueStoreBuilder(
          Stores.inMemoryKeyValueStore(rollup + "-store"), Serdes.String(), SERVICE_WINDOW_SERDE).withCachingEnabled());
      closed.process(() -> new RollupProcessor(size, rollup + "-store"), Named.as(rollup), rollup + "-store")
          .flatMap(PercentileTopology::perMetric, Named.as(rollup + "-per-metric"))
          .to(settings.outputTopic(), Produced.with(Serdes.String(), windowSerde));
    }
    return builder.build();
  }

  private static Materialized<String, ServiceWindow, WindowStore<Bytes, byte[]>> windowStore(
      StreamsSettings settings, String name, Duration size) {
    Duration retention = size.plus(settings.grace());
    if (settings.inMemoryStores()) {
      return Materialized.<String, ServiceWindow>as(Stores.inMemoryWindowStore(name, retention, size, false))
          .withKeySerde(Serdes.String()).withValueSerde(SERVICE_WINDOW_SERDE).withRetention(retention);
    }
    // RocksDB window stores open a new RocksDB segment every retention/2; with a one-minute window
    // that is a new database per minute of event time, which throttles replays to a crawl. A day's
    // retention gives 12-hour segments; closed windows are never emitted again either way.
    Duration segmentFriendly = retention.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : retention;
    return Materialized.<String, ServiceWindow, WindowStore<Bytes, byte[]>>as(name)
        .withKeySerde(Serdes.String()).withValueSerde(SERVICE_WINDOW_SERDE).withRetention(segmentFriendly);
  }

  private static List<KeyValue<String, PercentileWindow>> perMetric(String service, ClosedWindow window) {
    List<KeyValue<String, PercentileWindow>> out = new ArrayList<>(window.aggregate().metrics().size());
    Instant start = Instant.ofEpochMilli(window.startMillis());
    Instant end = Instant.ofEpochMilli(window.endMillis());
    window.aggregate().metrics().forEach((metric, slot) -> out.add(KeyValue.pair(service,
        PercentileWindowMapper.toWindow(service, metric, slot.kind(), start, end, slot.accumulator()))));
    return out;
  }
}
