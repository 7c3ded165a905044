package io.headroom.core.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A forecaster whose whole state {@link ForecasterCodec} can write and read back exactly. */
interface StatefulForecaster extends LoadForecaster {
  /** The periods (step) the model was created for; stored in the encoding. */
  SeasonalPeriods periods();

  void writeState(DataOutput out) throws IOException;

  void readState(DataInput in) throws IOException;
}
