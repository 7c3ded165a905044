package io.headroom.flink.forecast;

import io.headroom.core.forecast.ForecasterCodec;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.serde.StatelessCodec;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a forecasting model in Flink state through core's {@link ForecasterCodec}, which writes
 * every number bit for bit: a restored model forecasts exactly as the one checkpointed. Models are
 * mutable, so Flink deep-copies them (encode + decode) whenever it must, e.g. when the heap backend
 * snapshots while the model keeps learning.
 */
final class ForecasterBytesCodec extends StatelessCodec<LoadForecaster> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ForecasterBytesCodec.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  ForecasterBytesCodec() {
    super(LoadForecaster.class, false);
  }

  @Override
  public byte[] encode(LoadForecaster value) {
    return ForecasterCodec.encode(value);
  }

  /**
   * The model, or null (no model yet: the function starts a fresh one) for a model written by an
   * earlier release, whose encoding this one cannot read: restoring a savepoint across an upgrade
   * restarts the models' learning instead of failing the job.
   */
  @Override
  public LoadForecaster decode(byte[] bytes) {
    if (ForecasterCodec.isOutdated(bytes)) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn(
            "forecast models saved by an earlier release (encoding version {}) cannot be read by"
                + " this one; those series learn afresh from their next window",
            ForecasterCodec.versionOf(bytes));
      }
      return null;
    }
    return ForecasterCodec.decode(bytes);
  }
}
