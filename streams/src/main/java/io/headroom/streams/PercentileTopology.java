package io.headroom.streams;

import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.PercentileWindow;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * metrics.raw → {@link PercentileProcessor} (bad and late events to the dead-letter topic;
 * per service, event-time tumbling windows of the smallest size, rolled up into the larger sizes)
 * → one {@link PercentileWindow} per service × metric × window, emitted once when the window
 * closes after its grace period. Keyed by service throughout, so there is no repartition topic.
 */
public final class PercentileTopology {
  private static final String SOURCE = "metrics";
  private static final String PROCESSOR = "percentiles";

  private PercentileTopology() {}

  public static Topology build(StreamsSettings settings) {
    @SuppressWarnings("unchecked")
    Serializer<Object> windowSerializer = (Serializer<Object>) (Serializer<?>) AvroSerdes.of(PercentileWindow.class).serializer();
    @SuppressWarnings("unchecked")
    Serializer<Object> bytesSerializer = (Serializer<Object>) (Serializer<?>) new ByteArraySerializer();
    return new Topology()
        .addSource(SOURCE, new StringDeserializer(), AvroSerdes.of(MetricEvent.class).deserializer(), settings.inputTopic())
        .addProcessor(PROCESSOR, () -> new PercentileProcessor(settings), SOURCE)
        .addStateStore(new OpenWindowStoreBuilder(PercentileProcessor.STORE, settings.inMemoryStores()), PROCESSOR)
        .addSink(PercentileProcessor.WINDOWS_SINK, settings.outputTopic(), new StringSerializer(), windowSerializer, PROCESSOR)
        .addSink(PercentileProcessor.DEAD_LETTER_SINK, settings.deadLetterTopic(), new StringSerializer(), bytesSerializer,
            PROCESSOR);
  }
}
