package io.headroom.core.forecast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Writes a forecaster's complete state to bytes and reads it back, so that a stream job can keep
 * one model per service in its state backend. The encoding holds a format version, the model name,
 * the step and every number the model keeps (doubles bit for bit), so a decoded model updates and
 * forecasts exactly as the original would.
 *
 * <p>Sizes at a 1-minute step, independent of the history length: {@code seasonal} 42 KB, {@code
 * auto} 315 KB (a week of values with running sums, the seasonal candidate, stored forecasts),
 * {@code naive} 18 KB, {@code seasonal-naive} 82 KB (a week of values), {@code fourier} 46 KB,
 * {@code growth} 0.3 KB.
 */
public final class ForecasterCodec {
  private static final int MAGIC = 0x48524643; // "HRFC"

  /**
   * 5: auto's intervals adapt the quantile each bound is read at, and its stored forecasts keep the
   * bounds issued with them; 4: intervals count errors since their spread restarted, and auto
   * learns how its noise grows with the level and has a ninth candidate; 3: auto keeps a second
   * error record per regime; 2: auto became the ensemble.
   */
  private static final int VERSION = 5;

  private ForecasterCodec() {}

  /** Encodes a forecaster made by {@link Forecasters}. */
  public static byte[] encode(LoadForecaster forecaster) {
    if (!(forecaster instanceof StatefulForecaster model)) {
      throw new IllegalArgumentException(
          "forecaster: "
              + forecaster.getClass().getName()
              + " is not one of Forecasters.names(); it cannot be encoded");
    }
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(model.name());
      out.writeLong(model.periods().stepSeconds());
      model.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The encoding version of bytes written by {@link #encode} of this or an earlier release, or -1
   * for bytes that are not an encoded forecaster.
   */
  public static int versionOf(byte[] bytes) {
    if (bytes == null || bytes.length < 8) {
      return -1;
    }
    var buffer = ByteBuffer.wrap(bytes);
    return buffer.getInt(0) == MAGIC ? buffer.getInt(4) : -1;
  }

  /** Whether bytes are an encoded forecaster of an earlier release, which this one cannot read. */
  public static boolean isOutdated(byte[] bytes) {
    int version = versionOf(bytes);
    return version >= 1 && version < VERSION;
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  public static LoadForecaster decode(byte[] bytes) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("bytes: not an encoded forecaster (bad magic number)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "bytes: encoding version " + version + " is not supported (expected " + VERSION + ")");
      }
      String name = in.readUTF();
      Duration step = Duration.ofSeconds(in.readLong());
      LoadForecaster created = Forecasters.create(name, step);
      ((StatefulForecaster) created).readState(in);
      if (in.read() != -1) {
        throw new IllegalArgumentException(
            "bytes: trailing data after the encoded " + name + " forecaster");
      }
      return created;
    } catch (EOFException e) {
      throw new IllegalArgumentException("bytes: encoded forecaster is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeArray(DataOutput out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  static void readInto(DataInput in, double[] target, String what) throws IOException {
    int n = in.readInt();
    if (n != target.length) {
      throw new IllegalArgumentException(
          "bytes: " + what + " has " + n + " values, expected " + target.length);
    }
    for (int i = 0; i < n; i++) {
      target[i] = in.readDouble();
    }
  }
}
