package io.headroom.flink.serde;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for values serialized by a {@link BytesCodec}: keeps Avro records and core
 * values (records with immutable lists, sealed types) away from Kryo, which cannot rebuild them.
 */
public final class CodecTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final BytesCodec<T> codec;

  public CodecTypeInfo(BytesCodec<T> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  public static <T> CodecTypeInfo<T> of(BytesCodec<T> codec) {
    return new CodecTypeInfo<>(codec);
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return codec.type();
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new CodecSerializer<>(codec);
  }

  @Override
  public String toString() {
    return "Codec<" + codec.type().getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CodecTypeInfo<?> that && that.codec.equals(codec);
  }

  @Override
  public int hashCode() {
    return codec.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof CodecTypeInfo;
  }
}
