package io.headroom.core.backtest;

import io.headroom.core.queue.QueueDecision;
import java.io.IOException;
import java.time.Instant;

/**
 * The queue backtest's timeline: evaluation.md's first four columns, then the queue, then the
 * reason ({@code
 * timestamp,demand,desired_replicas,ready_replicas,backlog,served,oldest_wait_seconds,reason}).
 * {@code demand} is the arrivals of the trace step in force (empty in a gap), {@code backlog} and
 * {@code oldest_wait_seconds} are what the decision saw, {@code served} what the step processed.
 */
final class QueueTimelineWriter {
  static final String HEADER =
      "timestamp,demand,desired_replicas,ready_replicas,backlog,served,oldest_wait_seconds,reason";

  private final Appendable out;
  private final StringBuilder line = new StringBuilder(256);

  QueueTimelineWriter(Appendable out) {
    this.out = out;
  }

  void header() throws IOException {
    out.append(HEADER).append('\n');
  }

  void row(
      Instant time,
      double demand,
      int ready,
      long backlog,
      long served,
      long oldestWait,
      QueueDecision decision)
      throws IOException {
    line.setLength(0);
    line.append(time).append(',');
    if (!Double.isNaN(demand)) {
      line.append(demand == Math.rint(demand) ? String.valueOf((long) demand) : demand);
    }
    line.append(',')
        .append(decision.to())
        .append(',')
        .append(ready)
        .append(',')
        .append(backlog)
        .append(',')
        .append(served)
        .append(',')
        .append(oldestWait)
        .append(",\"")
        .append(decision.reason().replace("\"", "\"\""))
        .append("\"\n");
    out.append(line);
  }
}
