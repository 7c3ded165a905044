package io.headroom.flink.kafka;

import io.headroom.flink.serde.BytesCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * What the Kafka deserializer returns for one record: the decoded value with its source position,
 * or the dead letter saying why it could not be decoded. Exactly one of {@code value} and {@code
 * deadLetter} is set.
 */
public record Parsed<T>(T value, String topic, int partition, long offset, DeadLetter deadLetter) {
  public static <T> Parsed<T> ok(T value, String topic, int partition, long offset) {
    return new Parsed<>(Objects.requireNonNull(value, "value"), topic, partition, offset, null);
  }

  public static <T> Parsed<T> failed(DeadLetter deadLetter) {
    return new Parsed<>(
        null, deadLetter.sourceTopic(), deadLetter.partition(), deadLetter.offset(), deadLetter);
  }

  public boolean isOk() {
    return deadLetter == null;
  }

  /** Binary form: a flag, then the value through its codec or the dead letter. */
  public static final class Codec<T> implements BytesCodec<Parsed<T>> {
    private static final long serialVersionUID = 1L;
    private static final DeadLetter.Codec DEAD_LETTERS = new DeadLetter.Codec();

    private final BytesCodec<T> valueCodec;

    public Codec(BytesCodec<T> valueCodec) {
      this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
    }

    @Override
    public byte[] encode(Parsed<T> parsed) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeBoolean(parsed.isOk());
        byte[] body =
            parsed.isOk()
                ? valueCodec.encode(parsed.value())
                : DEAD_LETTERS.encode(parsed.deadLetter());
        out.writeUTF(parsed.topic());
        out.writeInt(parsed.partition());
        out.writeLong(parsed.offset());
        out.writeInt(body.length);
        out.write(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public Parsed<T> decode(byte[] data) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        boolean ok = in.readBoolean();
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        byte[] body = in.readNBytes(in.readInt());
        return ok
            ? new Parsed<>(valueCodec.decode(body), topic, partition, offset, null)
            : failed(DEAD_LETTERS.decode(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Parsed<T>> type() {
      return (Class) Parsed.class;
    }

    @Override
    public boolean immutable() {
      return valueCodec.immutable();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Codec<?> that && that.valueCodec.equals(valueCodec);
    }

    @Override
    public int hashCode() {
      return valueCodec.hashCode();
    }
  }
}
