package io.headroom.flink.serde;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * A Flink serializer over a {@link BytesCodec}: a length-prefixed byte array per value. Used for
 * stream elements (Avro records in their single-object encoding) and for keyed state (forecasting
 * models, scaling state), so that state written by one version of the job is read by the next as
 * long as the codec's own format is compatible: the codec versions its payload, not Flink.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;
  private static final int NULL_LENGTH = -1;

  private final BytesCodec<T> codec;

  public CodecSerializer(BytesCodec<T> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  public BytesCodec<T> codec() {
    return codec;
  }

  @Override
  public boolean isImmutableType() {
    return codec.immutable();
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this; // stateless: the codec keeps no per-use buffers
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    if (from == null || codec.immutable()) {
      return from;
    }
    return codec.decode(codec.encode(from));
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    if (record == null) {
      target.writeInt(NULL_LENGTH); // a codec may drop what it cannot read (an older encoding)
      return;
    }
    byte[] bytes = codec.encode(record);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length == NULL_LENGTH) {
      return null;
    }
    byte[] bytes = new byte[length];
    source.readFully(bytes);
    return codec.decode(bytes);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    target.writeInt(length);
    if (length != NULL_LENGTH) {
      target.write(source, length);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CodecSerializer<?> that && that.codec.equals(codec);
  }

  @Override
  public int hashCode() {
    return codec.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(codec);
  }

  /** Stores the codec itself (Java-serialized), so a restore rebuilds the same serializer. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private BytesCodec<T> codec;

    /** For Flink's reflective instantiation on restore. */
    public Snapshot() {}

    Snapshot(BytesCodec<T> codec) {
      this.codec = codec;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      byte[] bytes = InstantiationUtil.serializeObject(codec);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try {
        codec = InstantiationUtil.deserializeObject(bytes, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException(
            "cannot restore the codec of a state serializer: " + e.getMessage(), e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new CodecSerializer<>(codec);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      if (oldSnapshot instanceof Snapshot<T> old
          && old.codec != null
          && old.codec.getClass() == codec.getClass()) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
