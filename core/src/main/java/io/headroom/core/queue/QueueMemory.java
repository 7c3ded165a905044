package io.headroom.core.queue;

import io.headroom.core.forecast.ForecastPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a queue target remembers from one lag reading to the next (the live job keeps it in its
 * keyed state, so it survives restarts): KEDA's committed offsets for {@code excludePersistentLag}
 * ({@link PersistentLag}) and, in the predictive mode, the arrivals model ({@link LiveArrivals}).
 *
 * @param lastReading the time of the last reading whose log-end offsets are kept, {@link #NEVER}
 *     before one
 * @param logEnds the log-end offset per partition at {@code lastReading} (arrivals are their
 *     growth)
 * @param previousOffsets KEDA's {@code previousOffsets}: committed offset per partition
 * @param steps the forecast step being gathered
 * @param model the forecaster's model name, null before one was made
 * @param forecaster the forecaster's state ({@code ForecasterCodec}), null before one was made
 * @param forecast the arrivals forecast made after the last completed step, empty while the model
 *     is not trusted
 */
public record QueueMemory(
    long lastReading,
    Map<Integer, Long> logEnds,
    Map<Integer, Long> previousOffsets,
    ArrivalSteps steps,
    String model,
    byte[] forecaster,
    List<ForecastPoint> forecast) {
  public static final long NEVER = Long.MIN_VALUE;

  public static final QueueMemory EMPTY =
      new QueueMemory(NEVER, Map.of(), Map.of(), null, null, null, List.of());

  public QueueMemory {
    logEnds = Map.copyOf(logEnds);
    previousOffsets = Map.copyOf(previousOffsets);
    forecast = List.copyOf(forecast);
    if ((model == null) != (forecaster == null)) {
      throw new IllegalArgumentException("model and forecaster: both or neither");
    }
  }

  public QueueMemory withPreviousOffsets(Map<Integer, Long> value) {
    return new QueueMemory(lastReading, logEnds, value, steps, model, forecaster, forecast);
  }

  // a record compares arrays by reference; the forecaster's state is compared by content
  @Override
  public boolean equals(Object other) {
    return other instanceof QueueMemory m
        && lastReading == m.lastReading
        && logEnds.equals(m.logEnds)
        && previousOffsets.equals(m.previousOffsets)
        && Objects.equals(steps, m.steps)
        && Objects.equals(model, m.model)
        && Arrays.equals(forecaster, m.forecaster)
        && forecast.equals(m.forecast);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastReading, logEnds, previousOffsets, steps, model, forecast)
        + 31 * Arrays.hashCode(forecaster);
  }

  @Override
  public String toString() {
    return "QueueMemory[lastReading="
        + lastReading
        + ", logEnds="
        + logEnds
        + ", previousOffsets="
        + previousOffsets
        + ", steps="
        + steps
        + ", model="
        + model
        + ", forecaster="
        + (forecaster == null ? "none" : forecaster.length + " bytes")
        + ", forecast="
        + forecast.size()
        + " points]";
  }
}
