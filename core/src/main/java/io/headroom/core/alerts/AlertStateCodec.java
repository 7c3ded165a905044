package io.headroom.core.alerts;

import io.headroom.core.sketch.WindowStats;
import io.headroom.core.window.WindowObservation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's alert state as bytes, for a framework's state store (Kafka Streams changelog, Flink
 * state). A leading version byte lets later formats read old state.
 */
public final class AlertStateCodec {
  private static final byte VERSION = 1;
  private static final long NONE = Long.MIN_VALUE;

  private AlertStateCodec() {}

  public static byte[] encode(ServiceAlertState state) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(state.rules().size());
      for (Map.Entry<String, RuleState> entry : state.rules().entrySet()) {
        RuleState r = entry.getValue();
        out.writeUTF(entry.getKey());
        out.writeByte(r.firing() == null ? -1 : r.firing().ordinal());
        writeInstant(out, r.lastEnd());
        writeInstant(out, r.warningSince());
        writeInstant(out, r.criticalSince());
        writeInstant(out, r.clearSince());
        out.writeDouble(r.baseline());
        out.writeLong(r.baselineSeen().toMillis());
      }
      out.writeInt(state.latest().size());
      for (WindowObservation w : state.latest().values()) {
        out.writeUTF(w.service());
        out.writeUTF(w.metric());
        writeInstant(out, w.start());
        writeInstant(out, w.end());
        out.writeDouble(w.rate());
        WindowStats s = w.stats();
        out.writeLong(s.count());
        for (double d :
            new double[] {
              s.sum(), s.min(), s.max(), s.mean(), s.p50(), s.p90(), s.p95(), s.p99()
            }) {
          out.writeDouble(d);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException when the bytes are not an encoded state
   */
  public static ServiceAlertState decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "alert state: version " + version + " is not " + VERSION);
      }
      Map<String, RuleState> rules = new HashMap<>();
      int ruleCount = in.readInt();
      for (int i = 0; i < ruleCount; i++) {
        String name = in.readUTF();
        byte firing = in.readByte();
        rules.put(
            name,
            new RuleState(
                firing < 0 ? null : Severity.values()[firing],
                readInstant(in),
                readInstant(in),
                readInstant(in),
                readInstant(in),
                in.readDouble(),
                Duration.ofMillis(in.readLong())));
      }
      Map<String, WindowObservation> latest = new HashMap<>();
      int latestCount = in.readInt();
      for (int i = 0; i < latestCount; i++) {
        String service = in.readUTF();
        String metric = in.readUTF();
        Instant start = readInstant(in);
        Instant end = readInstant(in);
        double rate = in.readDouble();
        WindowStats stats =
            new WindowStats(
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble());
        latest.put(metric, new WindowObservation(service, metric, start, end, rate, stats));
      }
      return new ServiceAlertState(rules, latest);
    } catch (IOException e) {
      throw new IllegalArgumentException("alert state: truncated or corrupt (" + e + ")", e);
    }
  }

  private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant == null ? NONE : instant.toEpochMilli());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    long millis = in.readLong();
    return millis == NONE ? null : Instant.ofEpochMilli(millis);
  }
}
