package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ingest.TopicSetup;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Long-running commands, each in its own JVM started as users start it, stop within 10 s of SIGTERM
 * while the broker is frozen (SIGSTOP: it neither answers nor closes connections, the worst case
 * for a client shutting down). The percentile app, the loader and the KEDA scaler have their own
 * tests for it ({@code ProcessKillIT}, {@code LoaderResilienceIT}, {@code ScalerCommandIT}).
 */
@ExtendWith(LocalStackExtension.class)
class SigtermIT {
  static final Duration LIMIT = Duration.ofSeconds(10);
  static final String LAG_TOPIC = "it.sigterm.lag";
  static final String LAG_GROUP = "it-sigterm";

  /**
   * Where lag publishes its readings: not the pipeline's metrics.raw, which other tests of this
   * JVM's broker replay past event times through.
   */
  static final String LAG_EVENTS = "it.sigterm.lag-events";

  /**
   * Every command reads and writes topics of its own (they exist, so each is at work when the
   * signal comes), never the pipeline's, which other tests of this JVM's broker use.
   */
  static final String PREFIX = "it.sigterm.";

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of(
            "gateway",
            List.of("gateway", "--listen", "127.0.0.1:0", "--topic", PREFIX + "raw"),
            "gateway listening on"),
        Arguments.of(
            "alerts",
            List.of(
                "alerts",
                "--state-dir",
                "{dir}",
                "--input-topic",
                PREFIX + "windows",
                "--output-topic",
                PREFIX + "alerts"),
            "Ctrl-C to stop"),
        Arguments.of(
            "flink forecast",
            List.of(
                "flink",
                "forecast",
                "--checkpoint-dir",
                "{dir}",
                "--option",
                "input-topic=" + PREFIX + "windows",
                "--option",
                "output-topic=" + PREFIX + "forecasts"),
            "running on a local MiniCluster"),
        Arguments.of(
            "lag",
            List.of(
                "lag",
                "--group",
                LAG_GROUP,
                "--topic",
                LAG_TOPIC,
                "--every",
                "1s",
                "--publish-to",
                LAG_EVENTS),
            " -> "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void sigterm_stopsTheCommandWithinTenSeconds_evenWithTheBrokerFrozen(
      String name, List<String> args, String readyText, StackEndpoints stack, @TempDir Path dir)
      throws Exception {
    TopicSetup.ensure(stack.bootstrapServers(), Map.of(LAG_TOPIC, 1), (short) 1);
    Map<String, Integer> topics = new java.util.HashMap<>(Map.of(LAG_EVENTS, 1));
    for (String topic : List.of("raw", "windows", "alerts", "forecasts")) {
      topics.put(PREFIX + topic, 1);
      topics.put(PREFIX + topic + ".dlq", 1);
    }
    TopicSetup.ensure(stack.bootstrapServers(), topics, (short) 1);
    commitOffsetZero(stack.bootstrapServers(), LAG_GROUP, LAG_TOPIC);
    Path output = dir.resolve("output.txt");
    Process process = start(output, stack.bootstrapServers(), args, dir.resolve("state"));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!read(output).contains(readyText)
          && process.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(read(output)).as(name).contains(readyText);
      Thread.sleep(3000); // past start-up: the command is at work when the signal comes
      assertThat(process.isAlive()).as(read(output)).isTrue();

      signal("STOP", stack.kafkaPid());
      try {
        long stopAt = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - stopAt);
        System.out.printf("SIGTERM: %s stopped in %.1f s%n", name, took.toMillis() / 1000.0);
        assertThat(exited).as(read(output)).isTrue();
        assertThat(took).as(name).isLessThan(LIMIT);
      } finally {
        signal("CONT", stack.kafkaPid());
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private static Process start(Path output, String bootstrap, List<String> args, Path state)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HeadroomCommand.class.getName()));
    args.forEach(arg -> command.add(arg.replace("{dir}", state.toString())));
    command.addAll(List.of("--bootstrap", bootstrap));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /** Makes {@code group} exist, as a consumer group that has read nothing yet. */
  private static void commitOffsetZero(String bootstrap, String group, String topic) {
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "group.id", group),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.commitSync(
          Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).isZero();
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
