package io.headroom.core.queue;

import io.headroom.core.forecast.ForecasterCodec;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arrivals model of a live queue target: arrivals are the growth of the topic's log-end offsets
 * between two readings (what was produced, whether consumed or not), gathered into steps ({@link
 * ArrivalSteps}) and fed to the same forecaster the queue backtest feeds its trace with ({@link
 * Forecasters}). Pure: the model lives in {@link QueueMemory} as bytes, decoded and encoded again
 * only when a step completes.
 */
public final class LiveArrivals {
  private final String model;
  private final Duration step;
  private final int horizonSteps;

  /**
   * @param model a {@link Forecasters} name
   * @param step the forecast step
   * @param horizonSteps how many steps to forecast ({@link QueuePrediction#horizonSteps()})
   */
  public LiveArrivals(String model, Duration step, int horizonSteps) {
    Forecasters.create(model, step); // refuses an unknown model or step at once
    this.model = Objects.requireNonNull(model, "model");
    this.step = step;
    this.horizonSteps = horizonSteps;
  }

  /** The memory after {@code reading}; a failed reading must not be passed. */
  public QueueMemory observe(QueueMemory memory, LagReading reading) {
    if (reading.failed()) {
      throw new IllegalArgumentException("a failed reading has no offsets: " + reading.problem());
    }
    Map<Integer, Long> ends = logEnds(reading.offsets());
    ArrivalSteps steps =
        memory.steps() != null && memory.steps().stepMillis() == step.toMillis()
            ? memory.steps()
            : ArrivalSteps.empty(step);
    if (memory.lastReading() == QueueMemory.NEVER || reading.time() <= memory.lastReading()) {
      // nothing to measure growth against (or a reading out of order): start from this one
      return new QueueMemory(
          reading.time(),
          ends,
          memory.previousOffsets(),
          steps,
          memory.model(),
          memory.forecaster(),
          memory.forecast());
    }
    ArrivalSteps.Added added =
        steps.add(memory.lastReading(), reading.time(), growth(memory.logEnds(), ends));
    if (added.completed().isEmpty()) {
      return new QueueMemory(
          reading.time(),
          ends,
          memory.previousOffsets(),
          added.steps(),
          memory.model(),
          memory.forecaster(),
          memory.forecast());
    }
    LoadForecaster forecaster = forecaster(memory, steps == memory.steps());
    for (ArrivalSteps.Step done : added.completed()) {
      forecaster.update(done.start(), done.arrivals());
    }
    return new QueueMemory(
        reading.time(),
        ends,
        memory.previousOffsets(),
        added.steps(),
        model,
        ForecasterCodec.encode(forecaster),
        forecaster.isTrusted() ? forecaster.forecast(horizonSteps) : List.of());
  }

  /**
   * The items produced between two readings: the log-end growth summed over the partitions known to
   * both. A log-end that went back (a truncated log after an unclean leader election) counts 0.
   */
  public static long growth(Map<Integer, Long> before, Map<Integer, Long> now) {
    long arrived = 0;
    for (Map.Entry<Integer, Long> partition : now.entrySet()) {
      Long previous = before.get(partition.getKey());
      if (previous != null) {
        arrived += Math.max(0, partition.getValue() - previous);
      }
    }
    return arrived;
  }

  /** The log-end offsets the broker returned. */
  static Map<Integer, Long> logEnds(List<PartitionOffsets> offsets) {
    Map<Integer, Long> ends = new HashMap<>();
    for (PartitionOffsets partition : offsets) {
      if (partition.logEndOffset() != PartitionOffsets.UNKNOWN) {
        ends.put(partition.partition(), partition.logEndOffset());
      }
    }
    return ends;
  }

  /**
   * The kept model, or a fresh one when there is none or the targets file changed its model or step
   * (its history is of other steps then).
   */
  private LoadForecaster forecaster(QueueMemory memory, boolean sameStep) {
    if (sameStep && model.equals(memory.model()) && memory.forecaster() != null) {
      try {
        return ForecasterCodec.decode(memory.forecaster());
      } catch (IllegalArgumentException e) {
        // a state written by another model version: start again rather than stop deciding
      }
    }
    return Forecasters.create(model, step);
  }
}
