package io.headroom.flink.kafka;

import io.headroom.flink.serde.StatelessCodec;
import io.headroom.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A record a job could not use, on its way to {@code <sourceTopic>.dlq} with its reason.
 *
 * @param sourceTopic topic the record was read from
 * @param partition its partition (-1 when unknown)
 * @param offset its offset (-1 when unknown)
 * @param key the record key as read (may be null)
 * @param value the record value as read (may be null)
 * @param reason why it was rejected, one line
 * @param consumer the job that rejected it (two jobs read {@code metrics.windows})
 */
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    String reason,
    String consumer) {

  /** {@code topic-partition@offset}, the format of the dead-letter source header. */
  public String sourcePosition() {
    return Topics.deadLetterSource(sourceTopic, partition, offset);
  }

  /** Binary form for Flink's network stack and state. */
  public static final class Codec extends StatelessCodec<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public Codec() {
      super(DeadLetter.class, true);
    }

    @Override
    public byte[] encode(DeadLetter letter) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(letter.sourceTopic());
        out.writeInt(letter.partition());
        out.writeLong(letter.offset());
        writeBytes(out, letter.key());
        writeBytes(out, letter.value());
        out.writeUTF(letter.reason());
        out.writeUTF(letter.consumer());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public DeadLetter decode(byte[] data) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        return new DeadLetter(
            in.readUTF(),
            in.readInt(),
            in.readLong(),
            readBytes(in),
            readBytes(in),
            in.readUTF(),
            in.readUTF());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
      out.writeInt(bytes == null ? -1 : bytes.length);
      if (bytes != null) {
        out.write(bytes);
      }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
      int length = in.readInt();
      return length < 0 ? null : in.readNBytes(length);
    }
  }
}
