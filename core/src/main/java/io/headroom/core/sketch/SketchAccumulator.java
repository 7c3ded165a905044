package io.headroom.core.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Accumulates the samples of one window: exact count, sum, min and max plus a DDSketch whose
 * quantiles are within {@code relativeAccuracy} of the exact ones (relative to the value). Two
 * accumulators with the same accuracy merge exactly: merging the sketches of sixty one-minute
 * windows gives the very sketch of the hour. Memory: a few KiB per window for typical metrics. Not
 * thread-safe.
 */
public final class SketchAccumulator {
  public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;

  private final double relativeAccuracy;
  private final DDSketch sketch;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  public SketchAccumulator(double relativeAccuracy) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new IllegalArgumentException(
          "relativeAccuracy must be in (0, 1), was " + relativeAccuracy);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.sketch = DDSketches.unboundedDense(relativeAccuracy);
  }

  private SketchAccumulator(
      double relativeAccuracy, DDSketch sketch, long count, double sum, double min, double max) {
    this.relativeAccuracy = relativeAccuracy;
    this.sketch = sketch;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  public static SketchAccumulator empty() {
    return new SketchAccumulator(DEFAULT_RELATIVE_ACCURACY);
  }

  /** Adds one finite sample. */
  public SketchAccumulator add(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("sample must be finite, was " + value);
    }
    sketch.accept(value);
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    return this;
  }

  /**
   * Adds {@code count} samples all at {@code value}: how a histogram bucket enters the sketch, at a
   * representative value of the bucket. Sum, min and max are those of the representative values
   * until {@link #replaceAggregates} sets the exact ones a histogram carries.
   */
  public SketchAccumulator add(double value, long count) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("sample must be finite, was " + value);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (count == 0) {
      return this;
    }
    sketch.accept(value, count);
    this.count += count;
    sum += value * count;
    min = Math.min(min, value);
    max = Math.max(max, value);
    return this;
  }

  /**
   * Replaces the sum, min and max by exact ones known from elsewhere (a histogram's own sum, min
   * and max): the representative values of its buckets only approximate them. NaN leaves an
   * aggregate as it is (OTLP's min and max are optional).
   */
  public SketchAccumulator replaceAggregates(double exactSum, double exactMin, double exactMax) {
    if (Double.isInfinite(exactSum) || Double.isInfinite(exactMin) || Double.isInfinite(exactMax)) {
      throw new IllegalArgumentException(
          "aggregates must be finite or NaN, were " + exactSum + ", " + exactMin + ", " + exactMax);
    }
    if (!Double.isNaN(exactSum)) {
      sum = exactSum;
    }
    if (!Double.isNaN(exactMin)) {
      min = exactMin;
    }
    if (!Double.isNaN(exactMax)) {
      max = exactMax;
    }
    return this;
  }

  /**
   * Merges {@code other} whatever its relative accuracy: exactly when it equals ours, otherwise
   * each of its bins enters our sketch at the bin's representative value (the two errors add up,
   * about the sum of the accuracies). For sketches made elsewhere, such as a gateway configured
   * with another accuracy than the windows; a mismatch must not stop a stream.
   */
  public SketchAccumulator mergeAtAnyAccuracy(SketchAccumulator other) {
    if (Double.compare(other.relativeAccuracy, relativeAccuracy) == 0) {
      return merge(other);
    }
    sketch.mergeWith(other.sketch.convert(sketch.getIndexMapping(), UnboundedSizeDenseStore::new));
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    return this;
  }

  /** Merges {@code other} into this accumulator; both must have the same relative accuracy. */
  public SketchAccumulator merge(SketchAccumulator other) {
    if (Double.compare(other.relativeAccuracy, relativeAccuracy) != 0) {
      throw new IllegalArgumentException(
          "cannot merge sketches of relative accuracy "
              + other.relativeAccuracy
              + " into "
              + relativeAccuracy);
    }
    sketch.mergeWith(other.sketch);
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    return this;
  }

  public double relativeAccuracy() {
    return relativeAccuracy;
  }

  public long count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** Quantile {@code q} in [0, 1], within the relative accuracy; NaN when empty. */
  public double quantile(double q) {
    return isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  public WindowStats stats() {
    if (isEmpty()) {
      return WindowStats.EMPTY;
    }
    double[] q = sketch.getValuesAtQuantiles(new double[] {0.5, 0.9, 0.95, 0.99});
    // Clamp into [min, max]: the sketch's bucket midpoints may fall just outside the exact range.
    return new WindowStats(
        count, sum, min, max, sum / count, clamp(q[0]), clamp(q[1]), clamp(q[2]), clamp(q[3]));
  }

  private double clamp(double value) {
    return Math.max(min, Math.min(max, value));
  }

  /**
   * The sketch alone, in sketches-java's compact binary encoding (index mapping, then varint-coded
   * bins), which {@link #fromSketchBytes} and any sketches-java {@code DDSketch.decode} read back.
   */
  public byte[] sketchBytes() {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(output, false);
    } catch (IOException e) {
      throw new IllegalStateException("encoding to memory failed", e);
    }
    return output.trimmedCopy();
  }

  /** Rebuilds an accumulator from a sketch encoding plus the exact aggregates carried beside it. */
  public static SketchAccumulator fromSketchBytes(
      byte[] sketchBytes, double relativeAccuracy, long count, double sum, double min, double max) {
    try {
      DDSketch decoded =
          DDSketch.decode(ByteArrayInput.wrap(sketchBytes), UnboundedSizeDenseStore::new);
      return new SketchAccumulator(relativeAccuracy, decoded, count, sum, min, max);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DDSketch encoding: " + e.getMessage(), e);
    }
  }

  /** Self-contained encoding (aggregates + sketch) for state stores. */
  public byte[] toBytes() {
    byte[] sketchBytes = sketchBytes();
    ByteBuffer buffer = ByteBuffer.allocate(8 * 5 + 4 + sketchBytes.length);
    buffer.putDouble(relativeAccuracy).putLong(count).putDouble(sum).putDouble(min).putDouble(max);
    buffer.putInt(sketchBytes.length).put(sketchBytes);
    return buffer.array();
  }

  /**
   * Reads {@link #toBytes}. Bytes from outside (an event's sketch field) may be anything, so every
   * malformation is an {@link IllegalArgumentException} with the reason.
   */
  public static SketchAccumulator fromBytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      double accuracy = buffer.getDouble();
      long count = buffer.getLong();
      double sum = buffer.getDouble();
      double min = buffer.getDouble();
      double max = buffer.getDouble();
      int length = buffer.getInt();
      if (!(accuracy > 0 && accuracy < 1) || count < 0 || length < 0) {
        throw new IllegalArgumentException(
            "not a sketch accumulator: accuracy " + accuracy + ", count " + count);
      }
      byte[] sketchBytes = new byte[length];
      buffer.get(sketchBytes);
      return fromSketchBytes(sketchBytes, accuracy, count, sum, min, max);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "not a sketch accumulator: truncated at " + bytes.length + " bytes", e);
    }
  }
}
