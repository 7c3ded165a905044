package io.headroom.gateway;

import io.headroom.gateway.mapping.PromSeries;
import java.io.IOException;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Reads a remote-write 1.0 body: a snappy block (the raw format, not the framed one) holding a
 * protobuf {@code prometheus.WriteRequest}. Any other body is refused with a one-line reason before
 * anything is produced.
 */
public final class RemoteWriteDecoder {
  /** A body that is not a snappy-compressed WriteRequest; the message is the reason, one line. */
  public static final class BadBodyException extends Exception {
    public BadBodyException(String reason) {
      super(reason);
    }
  }

  private final int maxUncompressedBytes;

  /**
   * @param maxUncompressedBytes largest decompressed body accepted, guarding memory against a
   *     forged length
   */
  public RemoteWriteDecoder(int maxUncompressedBytes) {
    if (maxUncompressedBytes < 1) {
      throw new IllegalArgumentException(
          "maxUncompressedBytes: " + maxUncompressedBytes + " must be >= 1");
    }
    this.maxUncompressedBytes = maxUncompressedBytes;
  }

  public List<PromSeries> decode(byte[] body) throws BadBodyException {
    if (body.length == 0) {
      throw new BadBodyException(
          "empty body; expected a snappy-compressed prometheus.WriteRequest");
    }
    byte[] raw;
    try {
      if (!Snappy.isValidCompressedBuffer(body)) {
        throw new BadBodyException(
            "body is not snappy block-compressed (remote write 1.0 uses the raw block format)");
      }
      int length = Snappy.uncompressedLength(body);
      if (length > maxUncompressedBytes) {
        throw new BadBodyException(
            "decompressed body of "
                + length
                + " bytes exceeds the limit of "
                + maxUncompressedBytes);
      }
      raw = Snappy.uncompress(body);
    } catch (IOException e) {
      throw new BadBodyException("body is not snappy block-compressed: " + oneLine(e.getMessage()));
    }
    try {
      return WriteRequestReader.read(raw);
    } catch (IOException e) {
      throw new BadBodyException(
          "body is not a protobuf prometheus.WriteRequest: " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
