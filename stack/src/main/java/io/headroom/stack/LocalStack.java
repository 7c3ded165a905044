package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: one KRaft broker and one ClickHouse server on free loopback ports, all data
 * under one folder. {@link #up} returns once both answer; {@link #down} stops only the processes
 * recorded by {@code up} in that folder.
 */
public final class LocalStack {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private LocalStack() {}

  /**
   * Starts the stack in {@code dataDir}, or returns the running one recorded there.
   *
   * @param brokerLib folder holding the broker's jars (see {@link BrokerJars})
   */
  public static StackEndpoints up(Path dataDir, Path brokerLib, boolean installIfMissing)
      throws IOException {
    Path dir = Files.createDirectories(dataDir).toAbsolutePath();
    StackEndpoints running = StackEndpoints.load(dir);
    if (running != null) {
      return repair(dir, brokerLib, running, installIfMissing);
    }
    ClickHouseServer.Started clickhouse = ClickHouseServer.start(dir, installIfMissing);
    KafkaBroker.Started kafka;
    try {
      kafka = KafkaBroker.start(dir, brokerLib);
    } catch (InterruptedException e) {
      clickhouse.process().destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the Kafka broker", e);
    } catch (IOException | RuntimeException e) {
      clickhouse.process().destroy();
      throw e;
    }
    StackEndpoints endpoints =
        new StackEndpoints(
            dir,
            kafka.bootstrapServers(),
            "127.0.0.1",
            clickhouse.nativePort(),
            clickhouse.httpPort(),
            kafka.process().pid(),
            clickhouse.process().pid());
    endpoints.save();
    return endpoints;
  }

  /**
   * A stack that was up before: what answers is left alone (its clients stay connected), what does
   * not is stopped if it is still ours (hung) and started again on the same ports, with the same
   * data.
   */
  private static StackEndpoints repair(
      Path dir, Path brokerLib, StackEndpoints running, boolean installIfMissing)
      throws IOException {
    boolean clickhouseUp =
        answersWithin(
            running.clickhousePid(),
            () -> ClickHouseServer.version(running.clickhouseHttpPort()).isPresent());
    boolean kafkaUp =
        answersWithin(running.kafkaPid(), () -> KafkaBroker.answers(running.bootstrapServers()));
    if (clickhouseUp && kafkaUp) {
      LOG.info("local stack already running in {}", dir);
      return running;
    }
    long clickhousePid = running.clickhousePid();
    long kafkaPid = running.kafkaPid();
    if (!clickhouseUp) {
      ChildProcesses.stopIfOurs(clickhousePid, dir, STOP_GRACE);
      clickhousePid =
          ClickHouseServer.start(
                  dir,
                  installIfMissing,
                  running.clickhouseNativePort(),
                  running.clickhouseHttpPort())
              .process()
              .pid();
      LOG.warn("ClickHouse did not answer: restarted on its ports, the broker left alone");
    }
    if (!kafkaUp) {
      ChildProcesses.stopIfOurs(kafkaPid, dir, STOP_GRACE);
      try {
        kafkaPid = KafkaBroker.restart(dir, brokerLib).process().pid();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while restarting the Kafka broker", e);
      }
      LOG.warn(
          "the Kafka broker did not answer: restarted at {}, ClickHouse left alone",
          running.bootstrapServers());
    }
    StackEndpoints repaired =
        new StackEndpoints(
            dir,
            running.bootstrapServers(),
            running.clickhouseHost(),
            running.clickhouseNativePort(),
            running.clickhouseHttpPort(),
            kafkaPid,
            clickhousePid);
    repaired.save();
    return repaired;
  }

  /**
   * A component whose process has exited is dead at once; one that is alive is given {@link
   * #PATIENCE} to answer, since a busy machine can slow a healthy broker past a single probe's
   * timeout, and restarting it would cut off every client for nothing.
   */
  private static boolean answersWithin(long pid, java.util.function.BooleanSupplier answers) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (answers.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(30);

  public static boolean isHealthy(StackEndpoints endpoints) {
    return ClickHouseServer.version(endpoints.clickhouseHttpPort()).isPresent()
        && KafkaBroker.answers(endpoints.bootstrapServers());
  }

  /** The ClickHouse server's version string, e.g. "18.16.1". */
  public static String clickhouseVersion(StackEndpoints endpoints) {
    return ClickHouseServer.version(endpoints.clickhouseHttpPort()).orElse("unknown");
  }

  /** Stops what {@code up} started in {@code dataDir}; returns false when nothing was running. */
  public static boolean down(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath();
    // A Flink session cluster started in the folder ('up --flink') goes first: its jobs write to
    // the broker.
    boolean flink = FlinkSessionCluster.stop(dir);
    StackEndpoints endpoints = StackEndpoints.load(dir);
    if (endpoints == null) {
      return flink;
    }
    boolean kafka = ChildProcesses.stopIfOurs(endpoints.kafkaPid(), dir, STOP_GRACE);
    boolean clickhouse = ChildProcesses.stopIfOurs(endpoints.clickhousePid(), dir, STOP_GRACE);
    Files.deleteIfExists(dir.resolve(StackEndpoints.FILE_NAME));
    return flink || kafka || clickhouse;
  }
}
