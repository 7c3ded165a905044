package io.headroom.ingest;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** A progress line for long runs, printed at most every {@code interval}. */
final class Progress {
  private final PrintStream out;
  private final Duration interval;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos = startNanos;

  Progress(PrintStream out, Duration interval) {
    this.out = out;
    this.interval = interval;
  }

  void maybePrint(long stepsDone, long stepsTotal, long events, Instant eventTime) {
    long now = System.nanoTime();
    if (now - lastPrintNanos >= interval.toNanos()) {
      lastPrintNanos = now;
      print(stepsDone, stepsTotal, events, eventTime);
    }
  }

  void print(long stepsDone, long stepsTotal, long events, Instant eventTime) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    out.printf(
        "  %,d/%,d steps (%.0f%%), %,d events, %,.0f events/s, event time %s%n",
        stepsDone,
        stepsTotal,
        100.0 * stepsDone / Math.max(1, stepsTotal),
        events,
        events / seconds,
        eventTime);
  }
}
