package io.headroom.flink.scaling;

import io.headroom.core.queue.LagReading;
import io.headroom.core.queue.PartitionOffsets;
import io.headroom.flink.serde.StatelessCodec;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One input of the scaling job: a percentile window, a load forecast, or a queue target's lag
 * reading (exactly one is set), all keyed by the target (the service).
 *
 * @param lagTarget the queue target a lag reading is for (null otherwise)
 */
public record ScalingInput(
    PercentileWindow window, LoadForecast forecast, String lagTarget, LagReading lag) {
  public ScalingInput(PercentileWindow window, LoadForecast forecast) {
    this(window, forecast, null, null);
  }

  public static ScalingInput of(PercentileWindow window) {
    return new ScalingInput(window, null);
  }

  public static ScalingInput of(LoadForecast forecast) {
    return new ScalingInput(null, forecast);
  }

  /** A queue target's lag reading (read by {@link QueueLagSource}). */
  public static ScalingInput of(String target, LagReading lag) {
    return new ScalingInput(null, null, target, lag);
  }

  public String target() {
    if (lag != null) {
      return lagTarget;
    }
    return window != null ? window.getService() : forecast.getService();
  }

  /**
   * Windows drive event time at their end; forecasts are side information stamped with fittedAt;
   * lag readings with the time they were read.
   */
  public long eventTime() {
    if (lag != null) {
      return lag.time();
    }
    return window != null
        ? window.getWindowEnd().toEpochMilli()
        : forecast.getFittedAt().toEpochMilli();
  }

  /** A tag byte, then the record in its single-object Avro encoding (or the lag reading). */
  public static final class Codec extends StatelessCodec<ScalingInput> {
    private static final long serialVersionUID = 1L;

    public Codec() {
      super(ScalingInput.class, true);
    }

    private transient AvroCodec<PercentileWindow> windows;
    private transient AvroCodec<LoadForecast> forecasts;

    @Override
    public byte[] encode(ScalingInput input) {
      init();
      if (input.lag() != null) {
        return encodeLag(input.lagTarget(), input.lag());
      }
      byte[] body =
          input.window() != null
              ? windows.encode(input.window())
              : forecasts.encode(input.forecast());
      byte[] bytes = new byte[body.length + 1];
      bytes[0] = (byte) (input.window() != null ? 'W' : 'F');
      System.arraycopy(body, 0, bytes, 1, body.length);
      return bytes;
    }

    @Override
    public ScalingInput decode(byte[] bytes) {
      init();
      if (bytes[0] == 'L') {
        return decodeLag(bytes);
      }
      byte[] body = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
      return bytes[0] == 'W' ? of(windows.decode(body)) : of(forecasts.decode(body));
    }

    private static byte[] encodeLag(String target, LagReading lag) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte('L');
        out.writeUTF(target);
        out.writeLong(lag.time());
        out.writeBoolean(lag.problem() != null);
        if (lag.problem() != null) {
          out.writeUTF(lag.problem());
        }
        out.writeInt(lag.offsets().size());
        for (PartitionOffsets p : lag.offsets()) {
          out.writeInt(p.partition());
          out.writeLong(p.logEndOffset());
          out.writeLong(p.committedOffset());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    private static ScalingInput decodeLag(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        in.readByte();
        String target = in.readUTF();
        long time = in.readLong();
        String problem = in.readBoolean() ? in.readUTF() : null;
        int n = in.readInt();
        List<PartitionOffsets> offsets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          offsets.add(new PartitionOffsets(in.readInt(), in.readLong(), in.readLong()));
        }
        return of(target, new LagReading(time, offsets, problem));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void init() {
      if (windows == null) {
        windows = AvroCodec.of(PercentileWindow.class);
        forecasts = AvroCodec.of(LoadForecast.class);
      }
    }
  }
}
