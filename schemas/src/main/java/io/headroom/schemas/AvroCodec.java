package io.headroom.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type with Avro single-object encoding: a 2-byte marker, the 8-byte
 * CRC-64-AVRO fingerprint of the writer schema, then the binary body. A reader resolves any writer
 * schema it knows (the current one and every released one in {@link SchemaHistory}) against its
 * own, so old and new producers and consumers interoperate.
 */
public final class AvroCodec<T extends SpecificRecord> {
  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final SingleObjectReaders<T> readers;

  private AvroCodec(Class<T> type) {
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.readers =
        new SingleObjectReaders<>(
            schema, writer -> new SpecificDatumReader<>(writer, schema, model));
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new AvroCodecException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Decodes one record; the exception's message says why a payload is unusable. */
  public T decode(byte[] bytes) {
    return readers.read(bytes, null);
  }
}
