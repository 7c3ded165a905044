package io.headroom.gateway;

import io.headroom.gateway.mapping.MappingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the gateway until the JVM is stopped. Options: {@code --bootstrap-servers HOST:PORT
 * [--listen HOST:PORT] [--topic metrics.raw] [--mapping FILE.yaml] [--token-file FILE]
 * [--max-in-flight N] [--otlp-topic otlp_metrics [--otlp-group GROUP]]}.
 */
public final class GatewayApp {
  private GatewayApp() {}

  public static void main(String[] args) throws Exception {
    GatewaySettings settings;
    MappingConfig mapping;
    try {
      String bootstrap = null;
      String listen = null;
      String topic = null;
      Path mappingFile = null;
      Path tokenFile = null;
      Integer maxInFlight = null;
      String otlpTopic = null;
      String otlpGroup = null;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException(args[i] + ": needs a value");
        }
        switch (args[i]) {
          case "--bootstrap-servers" -> bootstrap = value;
          case "--listen" -> listen = value;
          case "--topic" -> topic = value;
          case "--mapping" -> mappingFile = Path.of(value);
          case "--token-file" -> tokenFile = Path.of(value);
          case "--max-in-flight" -> maxInFlight = Integer.parseInt(value);
          case "--otlp-topic" -> otlpTopic = value;
          case "--otlp-group" -> otlpGroup = value;
          default -> throw new IllegalArgumentException(args[i] + ": unknown option");
        }
        i++;
      }
      settings = configure(bootstrap, listen, topic, tokenFile, maxInFlight);
      if (otlpTopic != null) {
        settings = settings.withOtlpTopic(otlpTopic, otlpGroup);
      }
      mapping = mappingFile == null ? MappingConfig.defaults() : MappingConfig.load(mappingFile);
    } catch (IllegalArgumentException e) {
      System.err.println("headroom gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      runUntilStopped(settings, mapping);
    } catch (IllegalStateException | IOException e) {
      // No broker, or the port is taken: one line, as the CLI prints it.
      System.err.println("headroom gateway: " + e.getMessage());
      System.exit(1);
    }
  }

  /** What runs next to the started server (e.g. its metrics endpoint), closed when it stops. */
  @FunctionalInterface
  public interface Alongside {
    /** Null when nothing is to run. */
    AutoCloseable start(RemoteWriteServer server) throws IOException;
  }

  /** Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the server. */
  public static void runUntilStopped(GatewaySettings settings, MappingConfig mapping)
      throws Exception {
    runUntilStopped(settings, mapping, server -> null);
  }

  /** {@link #runUntilStopped(GatewaySettings, MappingConfig)} with {@code alongside} running. */
  public static void runUntilStopped(
      GatewaySettings settings, MappingConfig mapping, Alongside alongside) throws Exception {
    RemoteWriteServer server = RemoteWriteServer.start(settings, mapping);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "gateway-shutdown"));
    try (AutoCloseable running = alongside.start(server)) {
      stopped.await();
    }
  }

  /** Settings from the command line's values, each null when not given. */
  public static GatewaySettings configure(
      String bootstrap, String listen, String topic, Path tokenFile, Integer maxInFlight)
      throws IOException {
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap-servers: must be given");
    }
    GatewaySettings d = GatewaySettings.defaults(bootstrap);
    String host = d.listenHost();
    int port = d.port();
    if (listen != null) {
      int colon = listen.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("--listen: \"" + listen + "\" must be HOST:PORT");
      }
      host = listen.substring(0, colon);
      try {
        port = Integer.parseInt(listen.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--listen: \"" + listen + "\" must end in a port number");
      }
    }
    String token = null;
    if (tokenFile != null) {
      if (!Files.isReadable(tokenFile)) {
        throw new IllegalArgumentException(
            "--token-file: " + tokenFile + " is not a readable file");
      }
      token = Files.readString(tokenFile).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("--token-file: " + tokenFile + " is empty");
      }
    }
    return new GatewaySettings(
        bootstrap,
        topic == null ? d.topic() : topic,
        host,
        port,
        token,
        maxInFlight == null ? d.maxInFlightRecords() : maxInFlight,
        d.maxBodyBytes(),
        d.retryAfter(),
        d.ackTimeout(),
        d.producerOverrides(),
        d.otlpTopic(),
        d.otlpGroup(),
        d.relativeAccuracy());
  }
}
