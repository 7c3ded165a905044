package io.headroom.streams;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.schemas.MetricKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregate of one service over one window: one sketch accumulator per metric. Keeping the
 * service (the record key) as the grouping key avoids a repartition topic; the per-metric windows
 * are split out when the window closes. Serialized only for the changelog, once per commit.
 */
final class ServiceWindow {
  private final double relativeAccuracy;
  private final Map<String, MetricSlot> metrics;
  // Lets the store remember a changed window once per commit rather than once per event.
  private boolean unflushed;

  ServiceWindow(double relativeAccuracy) {
    this(relativeAccuracy, new TreeMap<>());
  }

  private ServiceWindow(double relativeAccuracy, Map<String, MetricSlot> metrics) {
    this.relativeAccuracy = relativeAccuracy;
    this.metrics = metrics;
  }

  record MetricSlot(MetricKind kind, SketchAccumulator accumulator) {}

  ServiceWindow add(String metric, MetricKind kind, double value) {
    metrics
        .computeIfAbsent(metric, m -> new MetricSlot(kind, new SketchAccumulator(relativeAccuracy)))
        .accumulator()
        .add(value);
    return this;
  }

  /**
   * Adds one event: its sketch when it carries one (a histogram point: many samples, merged at
   * their own count, sum, min and max), else its value as one sample. A sketch that does not decode
   * is refused with {@link IllegalArgumentException}, before the window changes.
   */
  ServiceWindow add(Observation event) {
    if (event.sketch() == null) {
      return add(event.metric(), event.kind(), event.value());
    }
    SketchAccumulator samples = SketchAccumulator.fromBytes(event.sketch());
    metrics
        .computeIfAbsent(
            event.metric(),
            m -> new MetricSlot(event.kind(), new SketchAccumulator(relativeAccuracy)))
        .accumulator()
        .mergeAtAnyAccuracy(samples);
    return this;
  }

  /**
   * Merges {@code other} into this aggregate (exact: sketches of equal accuracy merge losslessly).
   */
  ServiceWindow merge(ServiceWindow other) {
    other.metrics.forEach(
        (metric, slot) ->
            metrics
                .computeIfAbsent(
                    metric,
                    m -> new MetricSlot(slot.kind(), new SketchAccumulator(relativeAccuracy)))
                .accumulator()
                .merge(slot.accumulator()));
    return this;
  }

  /** Marks this window as changed since the last changelog write; true if it was not marked yet. */
  boolean markUnflushed() {
    boolean wasFlushed = !unflushed;
    unflushed = true;
    return wasFlushed;
  }

  void markFlushed() {
    unflushed = false;
  }

  Map<String, MetricSlot> metrics() {
    return metrics;
  }

  byte[] toBytes() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeDouble(relativeAccuracy);
      out.writeInt(metrics.size());
      for (Map.Entry<String, MetricSlot> entry : metrics.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeByte(entry.getValue().kind().ordinal());
        byte[] accumulator = entry.getValue().accumulator().toBytes();
        out.writeInt(accumulator.length);
        out.write(accumulator);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ServiceWindow fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      double accuracy = in.readDouble();
      int size = in.readInt();
      Map<String, MetricSlot> metrics = new TreeMap<>();
      for (int i = 0; i < size; i++) {
        String metric = in.readUTF();
        MetricKind kind = MetricKind.values()[in.readByte()];
        byte[] accumulator = in.readNBytes(in.readInt());
        metrics.put(metric, new MetricSlot(kind, SketchAccumulator.fromBytes(accumulator)));
      }
      return new ServiceWindow(accuracy, metrics);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
