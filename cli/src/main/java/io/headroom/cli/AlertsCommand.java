package io.headroom.cli;

import io.headroom.core.alerts.AlertRule;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.DefaultAlertRules;
import io.headroom.core.time.DurationText;
import io.headroom.streams.StreamsApp;
import io.headroom.streams.alerts.AlertApp;
import io.headroom.streams.alerts.AlertSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom alerts}: runs the alert rules over the percentile windows as a Kafka Streams
 * app ({@link AlertApp}) on the given broker or the local stack's, until stopped; or checks or
 * prints a rules file.
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Evaluate bottleneck and alert rules over the percentile windows (metrics.windows) in the streaming"
            + " path and emit firing/resolved changes to the alerts topic (loaded into the alerts table). Runs until stopped.")
final class AlertsCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "rules YAML (default: the built-in rules, see --print-default-rules)")
  Path rules;

  @Option(
      names = "--input-topic",
      paramLabel = "TOPIC",
      description = "percentile windows (default: metrics.windows)")
  String inputTopic;

  @Option(
      names = "--output-topic",
      paramLabel = "TOPIC",
      description = "alert changes (default: alerts)")
  String outputTopic;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = "headroom-alerts",
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE})")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state folder")
  Path stateDir;

  // --kafka KEY=VALUE (any Kafka Streams property, repeatable) and --kafka-config FILE.
  @Mixin KafkaClientOptions kafka;

  @Option(
      names = "--check",
      description = "validate the rules and print them, then exit (no Kafka needed)")
  boolean check;

  @Option(names = "--print-default-rules", description = "print the built-in rules file and exit")
  boolean printDefaults;

  @Mixin MetricsPortOption metrics;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = commandSpec.commandLine().getOut();
    if (printDefaults) {
      out.print(DefaultAlertRules.YAML);
      out.flush();
      return 0;
    }
    if (check) {
      AlertRules parsed = rules == null ? AlertRules.defaults() : AlertSettings.readRules(rules);
      out.println(
          (rules == null ? "built-in rules" : rules.toString())
              + ": "
              + parsed.rules().size()
              + " rules over "
              + DurationText.format(parsed.window())
              + " windows");
      for (AlertRule rule : parsed.rules()) {
        out.println("  " + describe(rule));
      }
      out.flush();
      return 0;
    }
    Properties properties = new Properties();
    properties.putAll(kafka.properties());
    properties.setProperty("bootstrap.servers", connection.bootstrapServers());
    properties.setProperty("application.id", applicationId);
    if (stateDir != null) {
      properties.setProperty("state.dir", stateDir.toString());
    }
    if (rules != null) {
      properties.setProperty(AlertSettings.RULES, rules.toString());
    }
    if (inputTopic != null) {
      properties.setProperty(AlertSettings.INPUT_TOPIC, inputTopic);
    }
    if (outputTopic != null) {
      properties.setProperty(AlertSettings.OUTPUT_TOPIC, outputTopic);
    }
    AlertSettings settings = AlertSettings.fromProperties(properties);
    out.println(
        "alerts: "
            + settings.inputTopic()
            + " -> "
            + settings.outputTopic()
            + ", "
            + settings.rules().rules().size()
            + " rules from "
            + settings.rulesSource()
            + "; Ctrl-C to stop");
    out.flush();
    KafkaStreams streams = AlertApp.start(settings);
    try (MetricsEndpoint endpoint =
        StreamsAppMetrics.serveOrStop(
            metrics, "headroom_alerts", streams, commandSpec.commandLine().getErr())) {
      // The name AlertApp.runUntilStopped gives the minute line and the shutdown hook.
      StreamsApp.awaitShutdown(streams, "alerts");
    }
    return 0;
  }

  static String describe(AlertRule rule) {
    String value =
        rule.statistic().label()
            + "("
            + rule.metric()
            + ")"
            + (rule.perReplica() ? " per replica" : "");
    String unit = rule.baseline() != null ? "x normal" : "";
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-28s %s > %s%s for %s: warning (%s)",
                rule.name(),
                value,
                Numbers.exact(rule.warning().above()),
                unit,
                DurationText.format(rule.forDuration()),
                rule.warning().priority().label()));
    if (rule.critical() != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "; > %s%s: critical (%s)",
              Numbers.exact(rule.critical().above()),
              unit,
              rule.critical().priority().label()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "; clears below %s%s for %s",
            Numbers.exact(rule.clearBelow()),
            unit,
            DurationText.format(rule.clearFor())));
    return text.toString();
  }
}
