package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.ingest.TopicSetup;
import io.headroom.scaler.externalscaler.ExternalScalerGrpc;
import io.headroom.scaler.externalscaler.ScaledObjectRef;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./headroom scaler} on a real broker: its serving line, KEDA's calls, and its stop. */
@ExtendWith(LocalStackExtension.class)
class ScalerCommandIT {
  private static final Pattern SERVING =
      Pattern.compile("serving KEDA external scaler on port (\\d+) from it\\.scaler\\.cli at ");

  @Test
  void scaler_printsOneServingLine_answersKeda_andStopsWithinTenSeconds(StackEndpoints stack)
      throws Exception {
    TopicSetup.ensure(stack.bootstrapServers(), Map.of("it.scaler.cli", 1), (short) 1);
    CommandLine cli = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ScalerCommand command = cli.getSubcommands().get("scaler").getCommand();
    command.heartbeatEvery = Duration.ofSeconds(1);
    int[] exit = {-1};
    Thread running =
        new Thread(
            () ->
                exit[0] =
                    cli.execute(
                        "scaler",
                        "--bootstrap",
                        stack.bootstrapServers(),
                        "--port",
                        "0",
                        "--topic",
                        "it.scaler.cli",
                        "--stale-after",
                        "90s",
                        "--metrics-port",
                        "0"));
    running.start();

    Matcher serving = awaitServing(out);
    assertThat(out.toString().lines()).hasSize(1);
    assertThat(out.toString()).contains("(stale after 1m30s; Kafka client settings: none)");
    int port = Integer.parseInt(serving.group(1));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    try {
      var spec =
          ExternalScalerGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getMetricSpec(
                  ScaledObjectRef.newBuilder().putScalerMetadata("target", "checkout").build());
      assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("headroom-replicas-checkout");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    awaitText(
        err,
        "scaler: 0 targets known, 0 commands read (+0), 0 undecodable; 0 activity streams open");
    // --metrics-port: the minute line's figures, read from the server.
    Matcher metrics =
        Pattern.compile("metrics on http://0.0.0.0:(\\d+)/metrics").matcher(err.toString());
    assertThat(metrics.find()).as(err.toString()).isTrue();
    String scraped = MetricsScrape.scrape(Integer.parseInt(metrics.group(1)));
    assertThat(MetricsScrape.value(scraped, "headroom_scaler_targets")).hasValue(0);
    assertThat(MetricsScrape.value(scraped, "headroom_scaler_commands_read_total")).hasValue(0);
    assertThat(MetricsScrape.value(scraped, "headroom_scaler_reading")).hasValue(1);
    assertThat(MetricsScrape.value(scraped, "headroom_scaler_activity_streams")).hasValue(0);

    long stopAt = System.nanoTime();
    command.stopRequested.countDown(); // what SIGTERM's shutdown hook does
    running.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(running.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));
    assertThat(exit[0]).as(err.toString()).isZero();
  }

  @Test
  void scaler_failsInOneLine_whenNoBrokerAnswers() {
    ReportFixtures.CliRun run =
        ReportFixtures.runCli("scaler", "--bootstrap", "127.0.0.1:1", "--port", "0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("headroom: no Kafka broker answered at 127.0.0.1:1 within 15 s");
  }

  @Test
  void badOptions_exit2_namingTheOption() {
    ReportFixtures.CliRun port =
        ReportFixtures.runCli("scaler", "--bootstrap", "127.0.0.1:1", "--port", "70000");
    ReportFixtures.CliRun stale =
        ReportFixtures.runCli("scaler", "--bootstrap", "127.0.0.1:1", "--stale-after", "0s");

    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.err()).startsWith("headroom: --port: 70000 must be within 0..65535");
    assertThat(stale.exit()).isEqualTo(2);
    assertThat(stale.err()).startsWith("headroom: --stale-after: 0s must be > 0");
  }

  @Test
  void sigterm_stopsTheScaler_withinTenSeconds(StackEndpoints stack, @TempDir Path dir)
      throws Exception {
    TopicSetup.ensure(stack.bootstrapServers(), Map.of("it.scaler.cli", 1), (short) 1);
    Path output = dir.resolve("output.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HeadroomCommand.class.getName()));
    command.addAll(
        List.of(
            "scaler",
            "--bootstrap",
            stack.bootstrapServers(),
            "--port",
            "0",
            "--topic",
            "it.scaler.cli"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!read(output).contains("serving KEDA external scaler on port")
          && process.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(read(output)).contains("serving KEDA external scaler on port");

      long stopAt = System.nanoTime();
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(read(output)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static void awaitText(StringWriter in, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!in.toString().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(in.toString()).contains(text);
  }

  private static Matcher awaitServing(StringWriter out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher matcher = SERVING.matcher(out.toString());
      if (matcher.find()) {
        return matcher;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no serving line in 30 s: " + out);
  }
}
