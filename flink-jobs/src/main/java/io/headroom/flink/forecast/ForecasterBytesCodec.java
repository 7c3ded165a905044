package io.headroom.flink.forecast;

import io.headroom.core.forecast.ForecasterCodec;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.serde.BytesCodec;

/**
 * Keeps a forecasting model in Flink state through core's {@link ForecasterCodec}, which writes
 * every number bit for bit: a restored model forecasts exactly as the one checkpointed. Models are
 * mutable, so Flink deep-copies them (encode + decode) whenever it must, e.g. when the heap backend
 * snapshots while the model keeps learning.
 */
final class ForecasterBytesCodec implements BytesCodec<LoadForecaster> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] encode(LoadForecaster value) {
    return ForecasterCodec.encode(value);
  }

  @Override
  public LoadForecaster decode(byte[] bytes) {
    return ForecasterCodec.decode(bytes);
  }

  @Override
  public Class<LoadForecaster> type() {
    return LoadForecaster.class;
  }

  @Override
  public boolean immutable() {
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ForecasterBytesCodec;
  }

  @Override
  public int hashCode() {
    return ForecasterBytesCodec.class.hashCode();
  }
}
