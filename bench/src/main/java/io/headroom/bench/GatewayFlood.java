package io.headroom.bench;

import io.headroom.gateway.RemoteWriteServer;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.ingest.TopicSetup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (f): memory under a flood. Many clients post as fast as they are answered while the broker is
 * paused (SIGSTOP) for a while, so nothing is acknowledged: the gateway must hold at most its
 * in-flight bound of records and refuse the rest with 503 and {@code Retry-After}, rather than
 * queue them. Samples the records in flight and the heap used every {@value #SAMPLE_MILLIS} ms.
 */
final class GatewayFlood {
  static final int CLIENTS = 64;
  private static final long SAMPLE_MILLIS = 10;
  private static final Duration BEFORE_PAUSE = Duration.ofSeconds(3);
  private static final Duration PAUSE = Duration.ofSeconds(6);
  private static final Duration AFTER_PAUSE = Duration.ofSeconds(4);

  /** What the flood showed. */
  record Result(
      RemoteWriteClients.Answers answers,
      int maxInFlight,
      int peakInFlight,
      long heapBeforeBytes,
      long peakHeapBytes,
      int inFlightAtPauseEnd,
      long liveHeapAtPauseEndBytes,
      long producedEvents) {}

  private GatewayFlood() {}

  static Result run(GatewayBench bench, RemoteWriteWorkload workload, String topic, long brokerPid)
      throws Exception {
    TopicSetup.ensure(bench.settings(topic, null).bootstrapServers(), Map.of(topic, 1), (short) 1);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicInteger peakInFlight = new AtomicInteger();
    AtomicLong peakHeap = new AtomicLong(heapBefore);
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger inFlightAtPauseEnd = new AtomicInteger();
    AtomicLong liveHeapAtPauseEnd = new AtomicLong();
    try (RemoteWriteServer gateway =
        RemoteWriteServer.start(bench.settings(topic, null), MappingConfig.defaults())) {
      java.util.function.IntSupplier gatewayInFlight = gateway::recordsInFlight;
      Thread sampler =
          new Thread(
              () -> {
                while (flooding.get()) {
                  peakInFlight.accumulateAndGet(gateway.recordsInFlight(), Math::max);
                  peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(SAMPLE_MILLIS);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "flood-sampler");
      sampler.start();
      Thread pauser =
          new Thread(
              () -> {
                try {
                  Thread.sleep(BEFORE_PAUSE.toMillis());
                  signal(brokerPid, "STOP");
                  try {
                    Thread.sleep(PAUSE.toMillis());
                    // What the gateway holds when the broker has answered nothing for the longest:
                    // the heap after a full collection, its garbage gone.
                    inFlightAtPauseEnd.set(gatewayInFlight.getAsInt());
                    System.gc();
                    liveHeapAtPauseEnd.set(memory.getHeapMemoryUsage().getUsed());
                  } finally {
                    signal(brokerPid, "CONT");
                  }
                  Thread.sleep(AFTER_PAUSE.toMillis());
                } catch (Exception e) {
                  signal(brokerPid, "CONT");
                } finally {
                  flooding.set(false);
                }
              },
              "flood-broker-pause");
      pauser.start();
      RemoteWriteClients.Answers answers;
      try {
        answers =
            new RemoteWriteClients(gateway.port()).flood(workload.bodies(), CLIENTS, flooding::get);
      } finally {
        flooding.set(false);
        pauser.join();
        sampler.join();
      }
      return new Result(
          answers,
          bench.settings(topic, null).maxInFlightRecords(),
          peakInFlight.get(),
          heapBefore,
          peakHeap.get(),
          inFlightAtPauseEnd.get(),
          liveHeapAtPauseEnd.get(),
          gateway.stats().producedEvents());
    }
  }

  static void print(Result r, int samplesPerRequest, PrintStream out) {
    out.printf(
        "(f) flood: %d clients posting %,d-sample bodies as fast as answered, broker paused %d s of %d s%n",
        CLIENTS,
        samplesPerRequest,
        PAUSE.toSeconds(),
        BEFORE_PAUSE.plus(PAUSE).plus(AFTER_PAUSE).toSeconds());
    out.printf(
        "    answers: %,d x 204, %,d x 503 (%,d with Retry-After), %,d other; %,d events produced%n",
        r.answers().accepted(),
        r.answers().refused(),
        r.answers().refusedWithRetryAfter(),
        r.answers().other(),
        r.producedEvents());
    out.printf(
        "    peak records in flight %,d (bound --max-in-flight %,d); heap used %,d MB before, peak %,d MB with garbage%n",
        r.peakInFlight(), r.maxInFlight(), r.heapBeforeBytes() >> 20, r.peakHeapBytes() >> 20);
    out.printf(
        "    at the end of the pause: %,d records in flight, live heap after a full GC %,d MB"
            + " (%,d MB more than before the flood)%n",
        r.inFlightAtPauseEnd(),
        r.liveHeapAtPauseEndBytes() >> 20,
        (r.liveHeapAtPauseEndBytes() - r.heapBeforeBytes()) >> 20);
  }

  private static void signal(long pid, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (Exception e) {
      throw new IllegalStateException("could not send SIG" + signal + " to the broker " + pid, e);
    }
  }
}
