package io.headroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by this JVM (the gateway, its clients, the producers) and the broker process: on a
 * machine that other work keeps busy, wall-clock throughput swings from round to round, CPU time
 * per record much less. Linux only for the broker ({@code /proc}); elsewhere its share reads 0.
 */
final class CpuTime {
  /** USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux architecture Java runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long brokerPid;

  CpuTime(long brokerPid) {
    this.brokerPid = brokerPid;
  }

  /** CPU nanoseconds used so far by this JVM and by the broker. */
  record Reading(long ownNanos, long brokerNanos) {}

  Reading read() {
    return new Reading(ownProcess(), broker());
  }

  private static long ownProcess() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private long broker() {
    try {
      return statNanos(Path.of("/proc", Long.toString(brokerPid), "stat"));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** User plus system CPU time, in nanoseconds, from a {@code /proc/.../stat} file. */
  static long statNanos(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    // The command name, field 2, is in parentheses and may hold spaces: count from after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }
}
