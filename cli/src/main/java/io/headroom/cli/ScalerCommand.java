package io.headroom.cli;

import io.headroom.core.time.DurationText;
import io.headroom.scaler.ScalerServer;
import io.headroom.scaler.ScalerSettings;
import io.headroom.schemas.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom scaler}: serves KEDA's external scaler protocol from {@code scaling.commands},
 * so a ScaledObject sizes its Deployment to the latest decision (docs/keda.md).
 */
@Command(
    name = "scaler",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve a KEDA external scaler (gRPC externalscaler.ExternalScaler) from",
      "scaling.commands until Ctrl-C. A target's metric is its latest committed",
      "command's replicas, target size 1, so KEDA's HPA asks for that many pods.",
      "A command older than --stale-after is inactive and its metric an error,",
      "so KEDA's fallback applies. Trigger: type external, metadata scalerAddress",
      "and target (the target's name). See docs/keda.md."
    })
final class ScalerCommand implements Callable<Integer> {
  /** How often the scaler says it is alive. */
  static final Duration HEARTBEAT = Duration.ofMinutes(1);

  /** Stop, at most, this long after SIGTERM: the server's own bound plus slack, under 10 s. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(9);

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9090",
      description =
          "gRPC port KEDA calls, on every interface; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.SCALING_COMMANDS,
      description = "the scaling commands topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Option(
      names = "--stale-after",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "a target whose latest command is older than this is inactive and its metric an error"
              + " (default: ${DEFAULT-VALUE})")
  Duration staleAfter;

  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

  @Mixin MetricsPortOption metrics;

  /** How often the liveness line is printed; shorter in tests only. */
  Duration heartbeatEvery = HEARTBEAT;

  /** Counted down by SIGTERM/Ctrl-C (the shutdown hook), or by a test. */
  final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port: " + port + " must be within 0..65535");
    }
    if (staleAfter.isZero() || staleAfter.isNegative()) {
      throw new IllegalArgumentException(
          "--stale-after: " + DurationText.format(staleAfter) + " must be > 0");
    }
    ScalerSettings settings =
        new ScalerSettings(
            connection.bootstrapServers(), topic, kafka.properties(), port, staleAfter);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch closed = new CountDownLatch(1);
    // The JVM halts once the hooks return: the hook waits for the server to close, within bounds.
    Thread hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              try {
                closed.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "headroom-scaler-stop");
    try (ScalerServer server = ScalerServer.start(settings, Clock.systemUTC());
        MetricsEndpoint endpoint =
            metrics.serve(registry -> ScalerMetrics.register(registry, server::figures), err)) {
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf(
          "serving KEDA external scaler on port %d from %s at %s (stale after %s; Kafka client"
              + " settings: %s); Ctrl-C to stop%n",
          server.port(),
          topic,
          settings.bootstrapServers(),
          DurationText.format(staleAfter),
          kafka.describe());
      out.flush();
      while (!stopRequested.await(heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        err.println(server.heartbeat());
        err.flush();
      }
    } finally {
      closed.countDown();
      removeHook(hook);
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already (the hook is running), or never added (start failed)
    }
  }
}
