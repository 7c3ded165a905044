package io.headroom.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads an OTLP metrics export: a protobuf {@code ExportMetricsServiceRequest} (OTLP/HTTP with
 * {@code application/x-protobuf}, and every message of the Collector's Kafka exporter in its {@code
 * otlp_proto} encoding) or its OTLP/JSON form, optionally gzip-compressed (the Collector's {@code
 * otlphttp} exporter compresses by default). Anything else is refused with a one-line reason.
 */
public final class OtlpDecoder {
  /** A body that is not an ExportMetricsServiceRequest; the message is the reason, one line. */
  public static final class BadBodyException extends Exception {
    public BadBodyException(String reason) {
      super(reason);
    }
  }

  /** How the body is encoded. */
  public enum Format {
    PROTOBUF,
    JSON
  }

  private final int maxUncompressedBytes;
  private final JsonFormat.Parser json = JsonFormat.parser().ignoringUnknownFields();

  public OtlpDecoder(int maxUncompressedBytes) {
    if (maxUncompressedBytes < 1) {
      throw new IllegalArgumentException(
          "maxUncompressedBytes: " + maxUncompressedBytes + " must be >= 1");
    }
    this.maxUncompressedBytes = maxUncompressedBytes;
  }

  /**
   * The format a {@code Content-Type} names, or null when OTLP/HTTP does not define it. Parameters
   * such as {@code charset} are ignored.
   */
  public static Format formatOf(String contentType) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
    return switch (type) {
      case "application/x-protobuf", "application/protobuf" -> Format.PROTOBUF;
      case "application/json" -> Format.JSON;
      default -> null;
    };
  }

  public ExportMetricsServiceRequest decode(byte[] body, Format format, boolean gzip)
      throws BadBodyException {
    byte[] raw = gzip ? gunzip(body) : body;
    if (format == Format.JSON) {
      ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
      try {
        json.merge(new String(raw, StandardCharsets.UTF_8), builder);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw new BadBodyException(
            "body is not an OTLP/JSON ExportMetricsServiceRequest: " + oneLine(e.getMessage()));
      }
      return builder.build();
    }
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new BadBodyException(
          "body is not a protobuf ExportMetricsServiceRequest: " + oneLine(e.getMessage()));
    }
    // Many byte strings happen to parse as unknown protobuf fields; a request of nothing else is
    // not OTLP.
    if (request.getResourceMetricsCount() == 0 && !request.getUnknownFields().asMap().isEmpty()) {
      throw new BadBodyException(
          "body is not a protobuf ExportMetricsServiceRequest: no resource_metrics, only unknown"
              + " fields");
    }
    return request;
  }

  private byte[] gunzip(byte[] body) throws BadBodyException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] raw = in.readNBytes(maxUncompressedBytes + 1);
      if (raw.length > maxUncompressedBytes) {
        throw new BadBodyException(
            "decompressed body exceeds the limit of " + maxUncompressedBytes + " bytes");
      }
      return raw;
    } catch (IOException e) {
      throw new BadBodyException("body is not gzip data: " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
