package io.headroom.flink.forecast;

import io.headroom.core.forecast.LongStepBucket;
import io.headroom.flink.serde.StatelessCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bookkeeping of one service × metric besides its models: what was applied last, the open
 * long-step bucket, and the forecast timers running. Immutable.
 *
 * @param service the series' service
 * @param metric its metric
 * @param lastStart start (epoch ms) of the last window applied to the models, MIN_VALUE before any
 * @param bucketStart start of the open long-step bucket, MIN_VALUE when none is open
 * @param bucketSum sum of the window values in the bucket
 * @param bucketWindows windows in the bucket
 * @param lastBucket start of the last long step fed to the long model, MIN_VALUE before any
 * @param nextShort the pending short-forecast timer, MIN_VALUE when the series is stale
 * @param nextLong the pending long-forecast timer, MIN_VALUE when the series is stale
 */
record SeriesState(
    String service,
    String metric,
    long lastStart,
    long bucketStart,
    double bucketSum,
    int bucketWindows,
    long lastBucket,
    long nextShort,
    long nextLong) {
  static final long NONE = Long.MIN_VALUE;

  static SeriesState empty(String service, String metric) {
    return new SeriesState(service, metric, NONE, NONE, 0, 0, NONE, NONE, NONE);
  }

  SeriesState withLastStart(long value) {
    return new SeriesState(
        service,
        metric,
        value,
        bucketStart,
        bucketSum,
        bucketWindows,
        lastBucket,
        nextShort,
        nextLong);
  }

  /** The open long step, as core's rule keeps it. */
  LongStepBucket bucket() {
    return new LongStepBucket(bucketStart, bucketSum, bucketWindows, lastBucket);
  }

  SeriesState withBucket(LongStepBucket bucket) {
    return new SeriesState(
        service,
        metric,
        lastStart,
        bucket.start(),
        bucket.sum(),
        bucket.windows(),
        bucket.lastClosed(),
        nextShort,
        nextLong);
  }

  SeriesState withTimers(long shortTimer, long longTimer) {
    return new SeriesState(
        service,
        metric,
        lastStart,
        bucketStart,
        bucketSum,
        bucketWindows,
        lastBucket,
        shortTimer,
        longTimer);
  }

  static final class Codec extends StatelessCodec<SeriesState> {
    private static final long serialVersionUID = 1L;

    Codec() {
      super(SeriesState.class, true);
    }

    @Override
    public byte[] encode(SeriesState s) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(1); // format version
        out.writeUTF(s.service());
        out.writeUTF(s.metric());
        out.writeLong(s.lastStart());
        out.writeLong(s.bucketStart());
        out.writeDouble(s.bucketSum());
        out.writeInt(s.bucketWindows());
        out.writeLong(s.lastBucket());
        out.writeLong(s.nextShort());
        out.writeLong(s.nextLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public SeriesState decode(byte[] data) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        int version = in.readByte();
        if (version != 1) {
          throw new IllegalStateException("series state format " + version + " is not supported");
        }
        return new SeriesState(
            in.readUTF(),
            in.readUTF(),
            in.readLong(),
            in.readLong(),
            in.readDouble(),
            in.readInt(),
            in.readLong(),
            in.readLong(),
            in.readLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
