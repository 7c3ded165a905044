package io.headroom.streams;

import io.headroom.schemas.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** One generic Kafka serde for every Avro record type, on top of the single-object codec. */
public final class AvroSerdes {
  private AvroSerdes() {}

  public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : codec.encode(value),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return codec.decode(bytes);
          } catch (RuntimeException e) {
            // Streams routes this to the dead-letter topic with the message in its headers.
            throw new SerializationException(e.getMessage(), e);
          }
        });
  }
}
