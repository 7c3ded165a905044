package io.headroom.flink.serde;

import io.headroom.schemas.AvroCodec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * An Avro record type in its single-object encoding (the wire format of every topic). Records are
 * treated as immutable: the jobs never change a record after building it.
 */
public final class AvroBytesCodec<T extends SpecificRecord> implements BytesCodec<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  private AvroBytesCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  public static <T extends SpecificRecord> AvroBytesCodec<T> of(Class<T> type) {
    return new AvroBytesCodec<>(type);
  }

  public static <T extends SpecificRecord> CodecTypeInfo<T> typeInfo(Class<T> type) {
    return CodecTypeInfo.of(of(type));
  }

  public CodecTypeInfo<T> typeInfoOf() {
    return CodecTypeInfo.of(this);
  }

  private AvroCodec<T> codec() {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec;
  }

  @Override
  public byte[] encode(T value) {
    return codec().encode(value);
  }

  @Override
  public T decode(byte[] bytes) {
    return codec().decode(bytes);
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public boolean immutable() {
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AvroBytesCodec<?> that && that.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
