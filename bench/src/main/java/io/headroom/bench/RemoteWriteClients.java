package io.headroom.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Concurrent remote-write clients posting prepared bodies to the gateway, each one request at a
 * time like a Prometheus queue shard. A refused request (503) is sent again after {@value
 * #RETRY_MILLIS} ms: sooner than the gateway's {@code Retry-After}, so (f) keeps the pressure on.
 */
final class RemoteWriteClients {
  static final long RETRY_MILLIS = 10;

  /** What the clients were answered. */
  record Answers(long accepted, long refused, long refusedWithRetryAfter, long other) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI uri;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder withRetryAfter = new LongAdder();
  private final LongAdder other = new LongAdder();

  RemoteWriteClients(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/api/v1/write");
  }

  /** Posts every body once (retrying refusals) with {@code clients} clients. */
  Answers postAll(List<byte[]> bodies, int clients) throws Exception {
    AtomicInteger next = new AtomicInteger();
    run(
        clients,
        () -> {
          int i = next.getAndIncrement();
          if (i >= bodies.size()) {
            return false;
          }
          postUntilAccepted(bodies.get(i));
          return true;
        });
    return answers();
  }

  /**
   * Posts the bodies round and round, each client as fast as it is answered, while {@code go}
   * holds.
   */
  Answers flood(List<byte[]> bodies, int clients, BooleanSupplier go) throws Exception {
    AtomicInteger next = new AtomicInteger();
    run(
        clients,
        () -> {
          if (!go.getAsBoolean()) {
            return false;
          }
          post(bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size())));
          return true;
        });
    return answers();
  }

  private interface Step {
    /** One request; false when the client is done. */
    boolean next() throws Exception;
  }

  private void run(int clients, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  while (step.next()) {
                    // next request
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void postUntilAccepted(byte[] body) throws Exception {
    int status;
    while ((status = post(body)) != 204) {
      if (status != 503 && status != 429) {
        throw new IllegalStateException("the gateway answered " + status + " to a valid body");
      }
    }
  }

  private int post(byte[] body) throws Exception {
    HttpResponse<Void> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    int status = response.statusCode();
    if (status == 204) {
      accepted.increment();
    } else if (status == 503 || status == 429) {
      refused.increment();
      if (response.headers().firstValue("Retry-After").isPresent()) {
        withRetryAfter.increment();
      }
      Thread.sleep(RETRY_MILLIS);
    } else {
      other.increment();
    }
    return status;
  }

  private Answers answers() {
    return new Answers(accepted.sum(), refused.sum(), withRetryAfter.sum(), other.sum());
  }
}
