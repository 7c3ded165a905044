package io.headroom.flink.scaling;

import io.headroom.flink.serde.StatelessCodec;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;

/**
 * One input of the scaling job: a percentile window or a load forecast (exactly one is set), both
 * keyed by the target (the service).
 */
public record ScalingInput(PercentileWindow window, LoadForecast forecast) {
  public static ScalingInput of(PercentileWindow window) {
    return new ScalingInput(window, null);
  }

  public static ScalingInput of(LoadForecast forecast) {
    return new ScalingInput(null, forecast);
  }

  public String target() {
    return window != null ? window.getService() : forecast.getService();
  }

  /**
   * Windows drive event time at their end; forecasts are side information stamped with fittedAt.
   */
  public long eventTime() {
    return window != null
        ? window.getWindowEnd().toEpochMilli()
        : forecast.getFittedAt().toEpochMilli();
  }

  /** A tag byte, then the record in its single-object Avro encoding. */
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
      byte[] body = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
      return bytes[0] == 'W' ? of(windows.decode(body)) : of(forecasts.decode(body));
    }

    private void init() {
      if (windows == null) {
        windows = AvroCodec.of(PercentileWindow.class);
        forecasts = AvroCodec.of(LoadForecast.class);
      }
    }
  }
}
