package io.headroom.streams;

import io.headroom.schemas.PercentileWindow;
import java.time.Clock;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * metrics.raw (bytes; the processor decodes what it reads) → {@link PercentileProcessor}
 * (undecodable, invalid and late events to the dead-letter topic unchanged; per service, event-time
 * tumbling windows of the smallest size, rolled up into the larger sizes) → one {@link
 * PercentileWindow} per service × metric × window, emitted once when the window closes after its
 * grace period. Keyed by service throughout, so there is no repartition topic.
 */
public final class PercentileTopology {
  private static final String SOURCE = "metrics";
  private static final String PROCESSOR = "percentiles";

  private PercentileTopology() {}

  public static Topology build(StreamsSettings settings) {
    return build(settings, Clock.systemUTC());
  }

  /** {@code clock} is the wall clock that event times may not run ahead of (tests fix it). */
  static Topology build(StreamsSettings settings, Clock clock) {
    Serializer<Object> bytes = untyped(new ByteArraySerializer());
    return new Topology()
        .addSource(
            SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.inputTopic())
        .addProcessor(PROCESSOR, () -> new PercentileProcessor(settings, clock), SOURCE)
        .addStateStore(
            new OpenWindowStoreBuilder(PercentileProcessor.STORE, settings.inMemoryStores()),
            PROCESSOR)
        .addSink(
            PercentileProcessor.WINDOWS_SINK,
            settings.outputTopic(),
            untyped(new StringSerializer()),
            untyped(AvroSerdes.of(PercentileWindow.class).serializer()),
            PROCESSOR)
        .addSink(
            PercentileProcessor.DEAD_LETTER_SINK,
            settings.deadLetterTopic(),
            bytes,
            bytes,
            PROCESSOR);
  }

  /** The processor forwards to two sinks of different types, so its output type is Object. */
  @SuppressWarnings("unchecked")
  private static Serializer<Object> untyped(Serializer<?> serializer) {
    return (Serializer<Object>) serializer;
  }
}
