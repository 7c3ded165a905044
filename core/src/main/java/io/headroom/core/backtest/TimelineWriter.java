package io.headroom.core.backtest;

import io.headroom.core.scaling.ScalingDecision;
import java.io.Flushable;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes the backtest timeline, {@code timestamp,demand,desired_replicas,ready_replicas,reason},
 * one row per decision (evaluation.md). The reason is the decision's {@code Limit} and its
 * sentence, quoted as CSV; the demand is empty in a gap of the trace.
 */
final class TimelineWriter {
  static final String HEADER = "timestamp,demand,desired_replicas,ready_replicas,reason";

  private final Appendable out;
  private final StringBuilder line = new StringBuilder(256);
  private long cachedMinute = Long.MIN_VALUE;
  private String cachedPrefix = "";

  TimelineWriter(Appendable out) {
    this.out = out;
  }

  void header() throws IOException {
    out.append(HEADER).append('\n');
  }

  void row(Instant time, double demand, int desired, int ready, ScalingDecision decision)
      throws IOException {
    line.setLength(0);
    appendTime(time);
    line.append(',');
    if (!Double.isNaN(demand)) {
      if (demand == Math.rint(demand) && Math.abs(demand) < 1e15) {
        line.append((long) demand);
      } else {
        line.append(demand);
      }
    }
    line.append(',').append(desired).append(',').append(ready).append(",\"");
    appendEscaped(decision.limit().name());
    line.append(": ");
    appendEscaped(decision.reason());
    line.append("\"\n");
    out.append(line);
  }

  /**
   * ISO-8601 as {@link Instant#toString()} writes it; the formatter runs once per minute, the
   * seconds are appended by hand (rows come every few seconds, the formatter is the costly part).
   */
  private void appendTime(Instant time) {
    long seconds = time.getEpochSecond();
    long minute = Math.floorDiv(seconds, 60);
    if (time.getNano() != 0) {
      line.append(time);
      return;
    }
    if (minute != cachedMinute) {
      String text = Instant.ofEpochSecond(minute * 60).toString(); // yyyy-MM-ddTHH:mm:00Z
      cachedPrefix = text.substring(0, text.length() - 3);
      cachedMinute = minute;
    }
    int second = (int) Math.floorMod(seconds, 60);
    line.append(cachedPrefix)
        .append((char) ('0' + second / 10))
        .append((char) ('0' + second % 10))
        .append('Z');
  }

  void flush() throws IOException {
    if (out instanceof Flushable flushable) {
      flushable.flush();
    }
  }

  private void appendEscaped(String text) {
    if (text.indexOf('"') < 0) {
      line.append(text);
      return;
    }
    line.append(text.replace("\"", "\"\""));
  }
}
