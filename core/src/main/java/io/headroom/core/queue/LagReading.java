package io.headroom.core.queue;

import java.util.List;

/**
 * One attempt to read a consumer group's offsets: the offsets of every partition of its topic, or
 * the one-line reason they could not be read (a group or topic that does not exist, a broker that
 * does not answer).
 *
 * @param time when it was read, epoch ms
 * @param offsets the partitions' offsets (empty when {@code problem} is set)
 * @param problem why there are no offsets, or null
 */
public record LagReading(long time, List<PartitionOffsets> offsets, String problem) {
  public LagReading {
    offsets = List.copyOf(offsets);
    if (problem == null && offsets.isEmpty()) {
      problem = "the topic has no partitions: nothing to measure";
    }
  }

  public static LagReading of(long time, List<PartitionOffsets> offsets) {
    return new LagReading(time, offsets, null);
  }

  public static LagReading failed(long time, String problem) {
    return new LagReading(time, List.of(), problem);
  }

  public boolean failed() {
    return problem != null;
  }
}
