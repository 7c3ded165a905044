package io.headroom.flink.scaling;

import io.headroom.flink.serde.StatelessCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The targets file as read at one moment, broadcast to every scaling subtask.
 *
 * @param path where it was read from
 * @param text its content, or null when it could not be read
 * @param problem why it could not be read (null when it could)
 */
public record TargetsFile(String path, String text, String problem) {
  static final class Codec extends StatelessCodec<TargetsFile> {
    private static final long serialVersionUID = 1L;

    Codec() {
      super(TargetsFile.class, true);
    }

    @Override
    public byte[] encode(TargetsFile file) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(file.path());
        writeText(out, file.text());
        writeText(out, file.problem());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public TargetsFile decode(byte[] data) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        return new TargetsFile(in.readUTF(), readText(in), readText(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
      byte[] bytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes == null ? -1 : bytes.length);
      if (bytes != null) {
        out.write(bytes);
      }
    }

    private static String readText(DataInputStream in) throws IOException {
      int length = in.readInt();
      return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }
}
