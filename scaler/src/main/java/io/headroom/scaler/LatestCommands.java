package io.headroom.scaler;

import io.headroom.core.keda.ReplicaCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest command per target, shared by the Kafka reader thread (writes) and the gRPC calls
 * (reads). Which command is "latest" is core's rule ({@link ReplicaCommand#supersedes}).
 */
final class LatestCommands {
  private final Map<String, ReplicaCommand> latest = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();

  /** Keeps {@code command} if it supersedes the target's current one, then tells the listeners. */
  void offer(ReplicaCommand command) {
    read.incrementAndGet();
    boolean[] replaced = {false};
    latest.compute(
        command.target(),
        (target, current) -> {
          if (command.supersedes(current)) {
            replaced[0] = true;
            return command;
          }
          return current;
        });
    if (replaced[0]) {
      listeners.forEach(listener -> listener.accept(command.target()));
    }
  }

  void countUndecodable() {
    undecodable.incrementAndGet();
  }

  Optional<ReplicaCommand> latest(String target) {
    return Optional.ofNullable(latest.get(target));
  }

  /** Called with the target's name, on the reader's thread, whenever its latest command changes. */
  void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  int targets() {
    return latest.size();
  }

  long commandsRead() {
    return read.get();
  }

  long undecodable() {
    return undecodable.get();
  }
}
