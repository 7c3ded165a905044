package io.headroom.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URL;
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

  /** The clients' thread names start with this. */
  static final String THREAD_PREFIX = "rw-client-";

  static {
    // The JDK keeps 5 idle connections per host by default: more clients than that would each open
    // a new connection per request. Read once, when the first HttpURLConnection is made.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "256");
    }
  }

  /** What the clients were answered. */
  record Answers(long accepted, long refused, long refusedWithRetryAfter, long other) {}

  private final URL url;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder withRetryAfter = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final LongAdder threadCpuNanos = new LongAdder();

  RemoteWriteClients(int port) {
    this.url = url(port);
  }

  private static URL url(int port) {
    try {
      return new URL("http://127.0.0.1:" + port + "/api/v1/write");
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
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
    AtomicInteger threadIds = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            clients, r -> new Thread(r, THREAD_PREFIX + threadIds.incrementAndGet()));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  long cpuBefore = threads.getCurrentThreadCpuTime();
                  try {
                    while (step.next()) {
                      // next request
                    }
                  } finally {
                    threadCpuNanos.add(threads.getCurrentThreadCpuTime() - cpuBefore);
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
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(60_000);
    connection.setFixedLengthStreamingMode(body.length);
    connection.setRequestProperty("Content-Encoding", "snappy");
    connection.setRequestProperty("Content-Type", "application/x-protobuf");
    connection.setRequestProperty("X-Prometheus-Remote-Write-Version", "0.1.0");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    // Read to the end so the connection goes back to the keep-alive cache for the next request.
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
    if (status == 204) {
      accepted.increment();
    } else if (status == 503 || status == 429) {
      refused.increment();
      if (connection.getHeaderField("Retry-After") != null) {
        withRetryAfter.increment();
      }
      Thread.sleep(RETRY_MILLIS);
    } else {
      other.increment();
    }
    return status;
  }

  /** CPU time the client threads used so far, in nanoseconds. */
  long threadCpuNanos() {
    return threadCpuNanos.sum();
  }

  private Answers answers() {
    return new Answers(accepted.sum(), refused.sum(), withRetryAfter.sum(), other.sum());
  }
}
