package io.headroom.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.headroom.gateway.mapping.MappingConfig;
import io.headroom.gateway.mapping.OtlpMapper;
import io.headroom.gateway.mapping.PromSeries;
import io.headroom.gateway.mapping.SeriesMapper;
import io.headroom.ingest.BrokerCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: the remote-write endpoint, {@code POST /api/v1/write}, and the OTLP/HTTP one, {@code
 * POST /v1/metrics} ({@link OtlpHttpEndpoint}), on the JDK's HTTP server, plus the consumer of the
 * Collector's Kafka messages ({@link OtlpKafkaConsumer}) when an OTLP topic is set; all produce
 * through one publisher. Remote-write answers:
 *
 * <ul>
 *   <li>204 once the broker has acknowledged every event made from the request;
 *   <li>400 with a one-line reason for a body that is not a snappy-compressed WriteRequest (nothing
 *       produced; Prometheus does not retry a 4xx);
 *   <li>401 without the configured bearer token; 413 for a body or sample count over the limits;
 *   <li>503 with {@code Retry-After} when the in-flight bound is reached or Kafka does not
 *       acknowledge in time (Prometheus retries with backoff).
 * </ul>
 */
public final class RemoteWriteServer implements AutoCloseable {
  public static final String PATH = "/api/v1/write";
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteServer.class);
  private static final int HANDLER_THREADS = 4;
  private static final long SUMMARY_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final GatewaySettings settings;
  private final RemoteWriteDecoder decoder;
  private final SeriesMapper mapper;
  private final OtlpMapper otlpMapper;
  private final OtlpKafkaConsumer otlpConsumer;
  private final EventPublisher publisher;
  private final GatewayStats stats = new GatewayStats();
  private final HttpServer server;
  private final ExecutorService handlers;
  private final byte[] expectedAuthorization;
  private final AtomicLong lastSummary = new AtomicLong(System.nanoTime());

  private RemoteWriteServer(
      GatewaySettings settings, MappingConfig mapping, Producer<String, byte[]> producer)
      throws IOException {
    this.settings = settings;
    this.decoder = new RemoteWriteDecoder(settings.maxBodyBytes() * 8);
    this.mapper = new SeriesMapper(mapping, settings.relativeAccuracy());
    this.publisher = new EventPublisher(producer, settings.topic(), settings.maxInFlightRecords());
    this.otlpMapper = new OtlpMapper(mapping, settings.relativeAccuracy());
    this.expectedAuthorization =
        settings.bearerToken() == null
            ? null
            : ("Bearer " + settings.bearerToken()).getBytes(StandardCharsets.UTF_8);
    AtomicInteger threadIds = new AtomicInteger();
    this.handlers =
        Executors.newFixedThreadPool(
            HANDLER_THREADS,
            r -> {
              Thread t = new Thread(r, "remote-write-" + threadIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(settings.listenHost(), settings.port()), 64);
    } catch (IOException e) {
      publisher.close();
      handlers.shutdownNow();
      throw new IOException(
          "cannot listen on "
              + settings.listenHost()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
    OtlpHttpEndpoint otlp = new OtlpHttpEndpoint(settings, otlpMapper, publisher, stats);
    server.createContext(PATH, exchange -> handle(exchange, PATH, this::write));
    server.createContext(
        OtlpHttpEndpoint.PATH,
        exchange ->
            handle(
                exchange,
                OtlpHttpEndpoint.PATH,
                e -> {
                  otlp.export(e);
                  return false;
                }));
    server.setExecutor(handlers);
    this.otlpConsumer =
        settings.otlpTopic() == null
            ? null
            : new OtlpKafkaConsumer(settings, otlpMapper, publisher, stats);
  }

  /** Serves one authorised POST. */
  private interface Handler {
    /**
     * @return true when the exchange was handed over to be answered later (then it is not closed
     *     here)
     */
    boolean serve(HttpExchange exchange) throws IOException;
  }

  /**
   * Starts the endpoint with a Kafka producer built from the settings, once a broker has answered.
   *
   * @throws IllegalStateException with a one-line message when no broker answers within {@link
   *     BrokerCheck#CONNECT_TIMEOUT}: a producer never fails on an unreachable broker by itself, so
   *     the gateway would serve and answer every request 503 after its ack timeout
   */
  public static RemoteWriteServer start(GatewaySettings settings, MappingConfig mapping)
      throws IOException {
    BrokerCheck.requireReachable(settings.brokerCheckProperties(), BrokerCheck.CONNECT_TIMEOUT);
    return start(settings, mapping, new KafkaProducer<>(settings.kafkaProperties()));
  }

  static RemoteWriteServer start(
      GatewaySettings settings, MappingConfig mapping, Producer<String, byte[]> producer)
      throws IOException {
    RemoteWriteServer gateway = new RemoteWriteServer(settings, mapping, producer);
    gateway.server.start();
    if (gateway.otlpConsumer != null) {
      gateway.otlpConsumer.start();
    }
    LOG.info(
        "gateway listening on http://{}:{}{} and {} ({}; {} mapping rules)",
        settings.listenHost(),
        gateway.port(),
        PATH,
        OtlpHttpEndpoint.PATH,
        settings.withPort(gateway.port()).summary(),
        mapping.rules().size());
    return gateway;
  }

  /** The port bound, useful when the settings asked for 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  public GatewayStats stats() {
    return stats;
  }

  /** Records reserved or sent and not yet acknowledged: at most {@code maxInFlightRecords}. */
  public int recordsInFlight() {
    return publisher.inFlight();
  }

  private void handle(HttpExchange exchange, String path, Handler handler) throws IOException {
    boolean handedOver = false;
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, "only POST is served on " + path);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, 404, "nothing is served on " + exchange.getRequestURI().getPath());
        return;
      }
      if (expectedAuthorization != null && !authorized(exchange)) {
        stats.unauthorized();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        respond(exchange, 401, "missing or wrong bearer token");
        return;
      }
      handedOver = handler.serve(exchange);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} request failed: {}", path, e.toString());
      throw e;
    } finally {
      if (!handedOver) {
        exchange.close();
      }
      maybeLogSummary();
    }
  }

  /**
   * Decodes, maps and sends a request, then hands the exchange over: it is answered when the broker
   * has acknowledged its events, so no handler thread waits for Kafka and the records in flight,
   * not the handler threads, bound what a slow broker holds (beyond them: 503 at once).
   */
  private boolean write(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("snappy")) {
      stats.badRequest();
      respond(
          exchange,
          400,
          "Content-Encoding " + encoding + " is not supported; remote write 1.0 sends snappy");
      return false;
    }
    byte[] body = readAtMost(exchange.getRequestBody(), settings.maxBodyBytes());
    if (body == null) {
      stats.badRequest();
      respond(exchange, 413, "body exceeds " + settings.maxBodyBytes() + " bytes");
      return false;
    }
    List<PromSeries> series;
    try {
      series = decoder.decode(body);
    } catch (RemoteWriteDecoder.BadBodyException e) {
      stats.badRequest();
      LOG.debug("bad remote_write body: {}", e.getMessage());
      respond(exchange, 400, e.getMessage());
      return false;
    }
    int samples = series.stream().mapToInt(PromSeries::sampleCount).sum();
    if (samples > publisher.capacity()) {
      stats.badRequest();
      respond(
          exchange,
          413,
          "request carries "
              + samples
              + " samples, more than max-in-flight "
              + publisher.capacity()
              + "; lower queue_config.max_samples_per_send");
      return false;
    }
    // Reserve before mapping, so a refused request leaves the counter state untouched and its retry
    // maps afresh.
    if (!publisher.tryReserve(samples)) {
      stats.overloaded();
      retryLater(
          exchange,
          settings,
          "more than " + publisher.capacity() + " records in flight to Kafka; retry later");
      return false;
    }
    SeriesMapper.Result result;
    try {
      result = mapper.map(series);
    } catch (RuntimeException e) {
      publisher.release(samples);
      throw e;
    }
    publisher.release(samples - result.samples().size());
    stats.add(result);
    for (String unmapped : result.newlyUnmapped()) {
      LOG.info("dropping unmapped series {} (no mapping rule matches its name)", unmapped);
    }
    int events = result.samples().size();
    publisher
        .send(result.samples())
        .orTimeout(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((ok, failure) -> answerWrite(exchange, events, failure), handlers);
    return true;
  }

  /** The answer to a remote-write request once Kafka acknowledged its events, or did not. */
  private void answerWrite(HttpExchange exchange, int events, Throwable failure) {
    try (exchange) {
      if (failure == null) {
        stats.accepted(events);
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      stats.failed();
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      String reason =
          cause instanceof TimeoutException
              ? "no acknowledgement within " + settings.ackTimeout()
              : String.valueOf(cause.getMessage());
      LOG.warn("Kafka did not take a remote_write request of {} events: {}", events, reason);
      retryLater(
          exchange,
          settings,
          "Kafka did not acknowledge: " + reason.lines().findFirst().orElse(""));
    } catch (IOException e) {
      LOG.debug("could not answer a remote_write request: {}", e.toString());
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  static void retryLater(HttpExchange exchange, GatewaySettings settings, String reason)
      throws IOException {
    exchange
        .getResponseHeaders()
        .set("Retry-After", Long.toString(Math.max(1, settings.retryAfter().toSeconds())));
    respond(exchange, 503, reason);
  }

  static void respond(HttpExchange exchange, int status, String oneLine) throws IOException {
    byte[] text = (oneLine + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, text.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(text);
    }
  }

  /** The whole body, or null when it is longer than {@code limit}. */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] body = in.readNBytes(limit + 1);
    return body.length > limit ? null : body;
  }

  private void maybeLogSummary() {
    long now = System.nanoTime();
    long last = lastSummary.get();
    if (now - last >= SUMMARY_INTERVAL_NANOS && lastSummary.compareAndSet(last, now)) {
      LOG.info(
          "gateway: {}; counter series held={}, histograms held={}, OTLP cumulative series held={}",
          stats.summary(),
          mapper.counterSeries(),
          mapper.histogramSeries(),
          otlpMapper.cumulativeSeries());
    }
  }

  /**
   * Stops accepting requests, lets running ones finish for up to a few seconds, then closes the
   * producer.
   */
  @Override
  public void close() {
    if (otlpConsumer != null) {
      otlpConsumer.close();
    }
    server.stop(2);
    // Requests handed over wait for their acks: let them come and be answered before the handler
    // threads, which send the answers, stop.
    publisher.flush();
    handlers.shutdown();
    try {
      handlers.awaitTermination(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    LOG.info("remote_write gateway stopped: {}", stats.summary());
  }
}
