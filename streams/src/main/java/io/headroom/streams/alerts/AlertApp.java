package io.headroom.streams.alerts;

import io.headroom.core.alerts.AlertRule;
import io.headroom.streams.StreamsApp;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the alert topology until the JVM is asked to stop. */
public final class AlertApp {
  private static final Logger LOG = LoggerFactory.getLogger(AlertApp.class);

  private AlertApp() {}

  /** Starts the app; the caller closes the returned streams instance. */
  public static KafkaStreams start(AlertSettings settings) {
    KafkaStreams streams = StreamsApp.create(AlertTopology.build(settings), settings);
    LOG.info(
        "starting alerts: {} -> {} with {} rules from {} on {} windows ({}), dead letters -> {}",
        settings.inputTopic(),
        settings.outputTopic(),
        settings.rules().rules().size(),
        settings.rulesSource(),
        settings.rules().window(),
        settings.rules().rules().stream().map(AlertRule::name).collect(Collectors.joining(", ")),
        settings.deadLetterTopic());
    streams.start();
    return streams;
  }

  /** Runs until SIGTERM/SIGINT. */
  public static void runUntilStopped(AlertSettings settings) throws InterruptedException {
    StreamsApp.awaitShutdown(start(settings), "alerts");
  }
}
