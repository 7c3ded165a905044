package io.headroom.flink.forecast;

import io.headroom.core.forecast.ForecasterCodec;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.serde.StatelessCodec;

/**
 * Keeps a forecasting model in Flink state through core's {@link ForecasterCodec}, which writes
 * every number bit for bit: a restored model forecasts exactly as the one checkpointed. Models are
 * mutable, so Flink deep-copies them (encode + decode) whenever it must, e.g. when the heap backend
 * snapshots while the model keeps learning.
 */
final class ForecasterBytesCodec extends StatelessCodec<LoadForecaster> {
  private static final long serialVersionUID = 1L;

  ForecasterBytesCodec() {
    super(LoadForecaster.class, false);
  }

  @Override
  public byte[] encode(LoadForecaster value) {
    return ForecasterCodec.encode(value);
  }

  @Override
  public LoadForecaster decode(byte[] bytes) {
    return ForecasterCodec.decode(bytes);
  }
}
