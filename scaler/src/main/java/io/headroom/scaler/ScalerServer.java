package io.headroom.scaler;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.headroom.core.keda.ExternalScalerRules;
import io.headroom.core.time.DurationText;
import io.headroom.ingest.BrokerCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scaler: the command reader thread and the gRPC server, started together and stopped
 * together within {@link #close}'s bound (about 7 s) however KEDA and the broker behave.
 */
public final class ScalerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScalerServer.class);

  private final ScalerSettings settings;
  private final LatestCommands commands;
  private final CommandReader reader;
  private final ActivityStreams streams;
  private final Server server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private long commandsAtLastLine;

  private ScalerServer(
      ScalerSettings settings,
      LatestCommands commands,
      CommandReader reader,
      ActivityStreams streams,
      Server server) {
    this.settings = settings;
    this.commands = commands;
    this.reader = reader;
    this.streams = streams;
    this.server = server;
  }

  /**
   * Checks that a broker answers (else {@link IllegalStateException} with a one-line message within
   * {@link BrokerCheck#CONNECT_TIMEOUT}), then starts reading and serving.
   *
   * @param clock the wall clock commands are judged against (fixed in tests only)
   */
  public static ScalerServer start(ScalerSettings settings, Clock clock) {
    ExternalScalerRules rules = new ExternalScalerRules(settings.staleAfter());
    Properties check = new Properties();
    check.putAll(settings.kafkaProperties());
    check.setProperty("bootstrap.servers", settings.bootstrapServers());
    BrokerCheck.requireReachable(check, BrokerCheck.CONNECT_TIMEOUT);

    LatestCommands commands = new LatestCommands();
    TargetLookup targets = new TargetLookup(commands, rules, clock, settings.topic());
    ActivityStreams streams = new ActivityStreams(targets::status);
    commands.onChange(streams::commandChanged);
    Server server;
    try {
      server =
          Grpc.newServerBuilderForPort(settings.port(), InsecureServerCredentials.create())
              .addService(new ExternalScalerService(targets, streams))
              .build()
              .start();
    } catch (IOException e) {
      closeQuietly(streams);
      throw new UncheckedIOException(
          "cannot serve on port " + settings.port() + ": " + e.getMessage(), e);
    }
    CommandReader reader = CommandReader.start(settings, commands);
    LOG.info(
        "KEDA external scaler on port {} for {} at {} (stale after {})",
        server.getPort(),
        settings.topic(),
        settings.bootstrapServers(),
        DurationText.format(settings.staleAfter()));
    return new ScalerServer(settings, commands, reader, streams, server);
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return server.getPort();
  }

  public ScalerSettings settings() {
    return settings;
  }

  /** What the liveness line and {@code --metrics-port} report, read now. */
  public record Figures(
      int targets, long commandsRead, long undecodable, int openStreams, boolean reading) {}

  public Figures figures() {
    return new Figures(
        commands.targets(),
        commands.commandsRead(),
        commands.undecodable(),
        streams.size(),
        reader.failure().isEmpty());
  }

  /**
   * The liveness line: targets known, commands read (since the last line and in all), records that
   * did not decode, open activity streams.
   */
  public synchronized String heartbeat() {
    long read = commands.commandsRead();
    String line =
        String.format(
            Locale.ROOT,
            "scaler: %d targets known, %,d commands read (+%,d), %,d undecodable; %d activity streams open%s",
            commands.targets(),
            read,
            read - commandsAtLastLine,
            commands.undecodable(),
            streams.size(),
            reader.failure().map(f -> "; reading stopped: " + f).orElse(""));
    commandsAtLastLine = read;
    return line;
  }

  /** Stops serving (open streams end cleanly, calls in flight get 3 s), then stops reading. */
  @Override
  public void close() throws InterruptedException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown(); // no new calls
    streams.close(); // open StreamIsActive calls end cleanly, so termination need not wait for them
    if (!server.awaitTermination(3, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
    reader.close();
  }

  private static void closeQuietly(ActivityStreams streams) {
    try {
      streams.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
