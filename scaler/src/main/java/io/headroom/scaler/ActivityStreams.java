package io.headroom.scaler;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.headroom.core.keda.TargetStatus;
import io.headroom.scaler.externalscaler.IsActiveResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@code StreamIsActive} calls. Each gets its target's activity at once, then again
 * whenever it changes: on a new command (pushed at once) and when a command grows stale (nothing
 * arrives then, so a tick checks every {@link #TICK}). All writes to the streams happen on one
 * thread, since a gRPC stream observer is not thread-safe.
 */
final class ActivityStreams implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityStreams.class);
  static final Duration TICK = Duration.ofSeconds(1);

  private final Function<String, TargetStatus> status;
  private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService pusher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "headroom-scaler-streams");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param status the target's status now (throws for an unknown target)
   */
  ActivityStreams(Function<String, TargetStatus> status) {
    this.status = status;
    pusher.scheduleWithFixedDelay(
        () -> pushChanges(null), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  void open(String target, StreamObserver<IsActiveResponse> observer) {
    OpenStream stream = new OpenStream(target, observer);
    if (observer instanceof ServerCallStreamObserver<IsActiveResponse> call) {
      call.setOnCancelHandler(() -> open.remove(stream));
    }
    open.add(stream);
    pusher.execute(() -> stream.pushIfChanged());
  }

  /** A target's command changed: push to its streams now rather than at the next tick. */
  void commandChanged(String target) {
    pusher.execute(() -> pushChanges(target));
  }

  int size() {
    return open.size();
  }

  private void pushChanges(String onlyTarget) {
    for (OpenStream stream : open) {
      if (onlyTarget == null || stream.target.equals(onlyTarget)) {
        stream.pushIfChanged();
      }
    }
  }

  /** Ends every stream cleanly (KEDA reconnects to the next scaler) and stops the pusher. */
  @Override
  public void close() throws InterruptedException {
    pusher.shutdownNow();
    pusher.awaitTermination(2, TimeUnit.SECONDS);
    for (OpenStream stream : open) {
      try {
        stream.observer.onCompleted();
      } catch (RuntimeException e) {
        // already cancelled by the client
      }
    }
    open.clear();
  }

  private final class OpenStream {
    final String target;
    final StreamObserver<IsActiveResponse> observer;
    Boolean lastSent;

    OpenStream(String target, StreamObserver<IsActiveResponse> observer) {
      this.target = target;
      this.observer = observer;
    }

    void pushIfChanged() {
      try {
        boolean active = status.apply(target).active();
        if (lastSent == null || lastSent != active) {
          observer.onNext(IsActiveResponse.newBuilder().setResult(active).build());
          lastSent = active;
        }
      } catch (RuntimeException e) {
        LOG.debug("stream for {} closed: {}", target, e.getMessage());
        open.remove(this);
      }
    }
  }
}
