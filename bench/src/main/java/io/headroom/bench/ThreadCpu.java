package io.headroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by what they do (gateway handlers, the producer's I/O thread, the
 * JIT compilers, the garbage collector), from {@code /proc/self/task}: where a record's CPU time
 * goes on each side of (e). Linux only; elsewhere every reading is empty.
 */
final class ThreadCpu {
  /** Thread name prefixes (as /proc shows them: 15 characters at most) and what they do. */
  private static final List<Map.Entry<String, String>> GROUPS =
      List.of(
          Map.entry("remote-write-", "gateway handlers"),
          Map.entry("HTTP-Dispatcher", "gateway HTTP dispatcher"),
          Map.entry("kafka-producer-", "Kafka producer I/O"),
          Map.entry("C1 CompilerThre", "JIT compilers"),
          Map.entry("C2 CompilerThre", "JIT compilers"),
          Map.entry("GC Thread", "garbage collector"),
          Map.entry("G1 ", "garbage collector"),
          // The clients count their own time (RemoteWriteClients.threadCpuNanos): they end with
          // each run, perhaps before the reading after it.
          Map.entry(RemoteWriteClients.THREAD_PREFIX, ""),
          Map.entry("java", "bench thread"));

  /** Nanoseconds by thread id, with the group each thread is in. */
  record Reading(Map<String, Long> nanosByThread, Map<String, String> groupByThread) {}

  private ThreadCpu() {}

  static Reading read() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    Map<String, String> groups = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          String id = task.getFileName().toString();
          nanos.put(id, CpuTime.statNanos(task.resolve("stat")));
          groups.put(id, group(name));
        } catch (IOException | RuntimeException e) {
          // The thread ended while being read: it is not counted.
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Reading(Map.of(), Map.of());
    }
    return new Reading(nanos, groups);
  }

  /** Adds the CPU time each group used from {@code before} to {@code after} into {@code into}. */
  static void addSpent(Reading before, Reading after, Map<String, Long> into) {
    after
        .nanosByThread()
        .forEach(
            (id, nanos) -> {
              long spent = nanos - before.nanosByThread().getOrDefault(id, 0L);
              String group = after.groupByThread().get(id);
              if (spent > 0 && !group.isEmpty()) {
                into.merge(group, spent, Long::sum);
              }
            });
  }

  private static String group(String threadName) {
    for (Map.Entry<String, String> group : GROUPS) {
      if (threadName.startsWith(group.getKey())) {
        return group.getValue();
      }
    }
    return "other";
  }
}
