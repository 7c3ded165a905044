package io.headroom.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.backtest.Backtester;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TraceReader;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the reactive replay of a trace takes: the HPA engine's speed figure. Runs only on
 * request and prints the figure; what it asserts is that every run decides the same.
 *
 * <pre>
 * mvn -B -q -ntp -o -pl core test -Dtest=ReactiveReplaySpeedTest \
 *     -Dheadroom.speed.trace=$PWD/../shared/traces/nasa-http-1995.per-minute.csv.gz [-Dheadroom.speed.capacity=14]
 * </pre>
 *
 * <p>A warm-up run of each variant (the first, with a timeline, is also reported: in a fresh JVM it
 * is what {@code ./headroom backtest} pays), then five runs of each; the medians of wall time and
 * of this thread's CPU time are reported (the CPU time is the steadier figure on a shared machine),
 * also scaled to 90 days of decisions at the default 15 s sync period. "engine" replays without a
 * timeline (reasons never formatted); "timeline" writes every row, reason included, to a writer
 * that discards it (the work of {@code ./headroom backtest --timeline} without the disk).
 */
@EnabledIfSystemProperty(named = "headroom.speed.trace", matches = ".+")
class ReactiveReplaySpeedTest {
  private static final int RUNS = 5;

  @Test
  void reactiveReplay_decidesTheSameEveryRun_andPrintsItsMedianTime() throws IOException {
    Path path = Path.of(System.getProperty("headroom.speed.trace"));
    assertThat(path).exists();
    double capacity = Double.parseDouble(System.getProperty("headroom.speed.capacity", "14"));
    Trace trace = TraceReader.read(path);
    Backtester backtester =
        new Backtester(HpaSpec.cpu(1, 10000, 70), BacktestSettings.withCapacity(capacity));

    Counter firstTimeline = new Counter();
    List<BacktestResult> results = new ArrayList<>();
    Times first = measure(() -> results.add(backtester.runReactive(trace, firstTimeline)));
    results.add(backtester.runReactive(trace, null)); // the warm-up of the variant without timeline
    BacktestResult expected = results.get(0);
    Times[] engine = new Times[RUNS];
    Times[] timeline = new Times[RUNS];
    for (int run = 0; run < RUNS; run++) {
      engine[run] = measure(() -> results.add(backtester.runReactive(trace, null)));
      Counter counter = new Counter();
      timeline[run] = measure(() -> results.add(backtester.runReactive(trace, counter)));
      assertThat(counter.chars).isEqualTo(firstTimeline.chars);
    }
    assertThat(results).hasSize(2 + 2 * RUNS).allMatch(expected::equals);

    long decisions = expected.steps();
    double perNinetyDays = 90 * 86_400.0 / BacktestSettings.DEFAULT_SYNC.toSeconds() / decisions;
    System.out.printf(
        Locale.ROOT,
        "reactive replay of %s, capacity %s: %d decisions, timeline %d chars%n",
        path.getFileName(),
        capacity,
        decisions,
        firstTimeline.chars);
    System.out.printf(
        Locale.ROOT,
        "  first run in this JVM, with timeline: %.3f s wall, %.3f s CPU of this thread,"
            + " %.3f s CPU of the process%n",
        first.wall() / 1e9,
        first.threadCpu() / 1e9,
        first.processCpu() / 1e9);
    report("engine  ", engine, perNinetyDays);
    report("timeline", timeline, perNinetyDays);
  }

  /**
   * Wall time, CPU time of the calling thread and of the whole process (JIT and GC threads too), in
   * ns.
   */
  private record Times(long wall, long threadCpu, long processCpu) {}

  private static Times measure(Runnable run) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long process = os.getProcessCpuTime();
    long thread = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    run.run();
    return new Times(
        System.nanoTime() - wall,
        threads.getCurrentThreadCpuTime() - thread,
        os.getProcessCpuTime() - process);
  }

  private static void report(String variant, Times[] times, double perNinetyDays) {
    double wall = median(times, Times::wall);
    double cpu = median(times, Times::threadCpu);
    System.out.printf(
        Locale.ROOT,
        "  %s median %.3f s wall, %.3f s CPU (%.3f s / %.3f s per 90 days); wall runs %s%n",
        variant,
        wall,
        cpu,
        wall * perNinetyDays,
        cpu * perNinetyDays,
        Arrays.stream(times).map(t -> String.format(Locale.ROOT, "%.3f", t.wall() / 1e9)).toList());
  }

  private static double median(Times[] times, ToLongFunction<Times> value) {
    long[] sorted = Arrays.stream(times).mapToLong(value).sorted().toArray();
    return sorted[sorted.length / 2] / 1e9;
  }

  /** Discards what is written, counting the characters. */
  private static final class Counter extends Writer {
    long chars;

    @Override
    public void write(char[] buffer, int offset, int length) {
      chars += length;
    }

    @Override
    public void write(String text, int offset, int length) {
      chars += length;
    }

    @Override
    public Writer append(CharSequence text) {
      chars += text.length();
      return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
