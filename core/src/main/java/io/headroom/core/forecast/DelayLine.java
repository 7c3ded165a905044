package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What a model knew and forecast at every {@code stride}-th step over the last {@code lag} steps,
 * so that a forecast made h steps ago can be scored when its target arrives: {@code width} numbers
 * per entry, the last of them passed apart ({@link #put}). Long horizons are sampled (stride = lag
 * / 64, rounded up) to bound memory: at most 65 entries whatever the lag.
 */
final class DelayLine {
  private static final int MAX_ENTRIES = 64;
  private final int width;
  final int lag;
  final int stride;
  private final long[] index;
  final double[] data;

  DelayLine(int lag, int width) {
    this.width = width;
    this.lag = lag;
    this.stride = Math.max(1, (lag + MAX_ENTRIES - 1) / MAX_ENTRIES);
    int size = lag / stride + 1;
    this.index = new long[size];
    Arrays.fill(index, -1);
    this.data = new double[size * width];
  }

  /** Stores {@code values[0 .. width - 1)} and then {@code last} as the entry of step {@code k}. */
  void put(long k, double[] values, double last) {
    int slot = (int) ((k / stride) % index.length);
    index[slot] = k;
    System.arraycopy(values, 0, data, slot * width, width - 1);
    data[slot * width + width - 1] = last;
  }

  /** Offset into {@link #data} of the entry stored at step {@code k}, or -1. */
  int slotOf(long k) {
    if (k < 0 || k % stride != 0) {
      return -1;
    }
    int slot = (int) ((k / stride) % index.length);
    return index[slot] == k ? slot * width : -1;
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(index.length);
    for (long i : index) {
      out.writeLong(i);
    }
    ForecasterCodec.writeArray(out, data);
  }

  void read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != index.length) {
      throw new IllegalArgumentException(
          "bytes: delay line has " + n + " entries, expected " + index.length);
    }
    for (int i = 0; i < n; i++) {
      index[i] = in.readLong();
    }
    ForecasterCodec.readInto(in, data, "delay line");
  }
}
