package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starting, finding and stopping the server processes the stack owns. */
final class ChildProcesses {
  private ChildProcesses() {}

  static Process start(List<String> command, Path workDir, Path logFile) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return builder.start();
  }

  /**
   * Stops the process with this pid if it is still one of ours: its command line must mention our
   * data folder, so a pid reused by an unrelated process is left alone.
   */
  static boolean stopIfOurs(long pid, Path dataDir, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    String commandLine = handle.get().info().commandLine().orElse("");
    if (!commandLine.contains(dataDir.toString())) {
      return false;
    }
    handle.get().destroy();
    try {
      handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      handle.get().destroyForcibly();
    }
    return true;
  }

  /**
   * Like {@link #stopIfOurs} for several processes at once: each is asked to stop, then each is
   * given what is left of {@code grace} before it is killed. True when any was ours and running.
   */
  static boolean stopAllIfOurs(List<Long> pids, Path dataDir, Duration grace) {
    List<ProcessHandle> stopping = new java.util.ArrayList<>();
    for (long pid : pids) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()
          && handle.get().isAlive()
          && handle.get().info().commandLine().orElse("").contains(dataDir.toString())) {
        handle.get().destroy();
        stopping.add(handle.get());
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : stopping) {
      try {
        handle
            .onExit()
            .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    return !stopping.isEmpty();
  }

  /** Polls {@code ready} until it holds, the process dies, or the timeout passes. */
  static void awaitReady(
      String what, Process process, Path logFile, Duration timeout, BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            what + " exited with code " + process.exitValue() + " during start-up; see " + logFile);
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(Duration.ofMillis(250));
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        what + " did not become healthy within " + timeout.toSeconds() + " s; see " + logFile);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
