package io.headroom.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.headroom.gateway.mapping.PromSeries;
import io.headroom.gateway.remotewrite.RemoteWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
    RemoteWrite.WriteRequest request;
    try {
      request = RemoteWrite.WriteRequest.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new BadBodyException(
          "body is not a protobuf prometheus.WriteRequest: " + oneLine(e.getMessage()));
    }
    List<PromSeries> series = new ArrayList<>(request.getTimeseriesCount());
    for (RemoteWrite.TimeSeries ts : request.getTimeseriesList()) {
      TreeMap<String, String> labels = new TreeMap<>();
      for (RemoteWrite.Label label : ts.getLabelsList()) {
        labels.put(label.getName(), label.getValue());
      }
      int n = ts.getSamplesCount();
      long[] timestamps = new long[n];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        RemoteWrite.Sample sample = ts.getSamples(i);
        timestamps[i] = sample.getTimestamp();
        values[i] = sample.getValue();
      }
      series.add(new PromSeries(labels, timestamps, values));
    }
    return series;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
