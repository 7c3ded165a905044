package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `headroom flink`: bad options are one line and exit 2 before any cluster starts; submit-help
 * prints flink run.
 */
class FlinkCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  @Test
  void forecast_badBootstrap_exits2_namingTheOption() {
    int exit = HeadroomCommand.run("flink", "forecast", "--bootstrap", "no-port");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("headroom: --bootstrap: 'no-port' must be host:port");
  }

  @Test
  void scaling_withNoBrokerAtTheBootstrap_failsInOneLine_insteadOfRetryingForever()
      throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    long started = System.nanoTime();
    int exit =
        HeadroomCommand.run(
            "flink",
            "scaling",
            "--bootstrap",
            "127.0.0.1:" + closedPort,
            "--targets",
            "../data/demo/targets.yaml");
    assertThat(exit).isEqualTo(1);
    assertThat(System.nanoTime() - started).isLessThan(30_000_000_000L);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("headroom: no Kafka broker answered at"));
  }

  /** The Kafka client refuses the value: the property reached the job's Kafka settings. */
  @Test
  void forecast_kafkaProperty_reachesTheJobsClients() {
    int exit =
        HeadroomCommand.run(
            "flink",
            "forecast",
            "--bootstrap",
            "127.0.0.1:9",
            "--kafka",
            "security.protocol=NOT_A_PROTOCOL");
    assertThat(exit).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("security.protocol", "NOT_A_PROTOCOL"));
  }

  @Test
  void forecast_unknownModel_exits2_listingTheModels() {
    int exit =
        HeadroomCommand.run(
            "flink", "forecast", "--bootstrap", "localhost:9092", "--model", "prophet");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("headroom: --model: 'prophet' is not one of auto");
  }

  @Test
  void forecast_unknownJobOption_exits2() {
    int exit =
        HeadroomCommand.run(
            "flink", "forecast", "--bootstrap", "localhost:9092", "--option", "shrot-every=5m");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("headroom: --shrot-every: unknown option");
  }

  @Test
  void scaling_badTargetsFile_exits2_namingTheFileAndField(@TempDir Path dir) throws Exception {
    Path targets =
        Files.writeString(
            dir.resolve("targets.yaml"),
            """
        targets:
          - name: checkout
            spec:
              minReplicas: 2
        """);
    int exit =
        HeadroomCommand.run(
            "flink", "scaling", "--bootstrap", "localhost:9092", "--targets", targets.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("headroom: " + targets + ": targets[0].spec.maxReplicas: missing, must be >= 1");
  }

  @Test
  void scaling_missingTargetsFile_exits2() {
    int exit =
        HeadroomCommand.run(
            "flink",
            "scaling",
            "--bootstrap",
            "localhost:9092",
            "--targets",
            "/no/such/targets.yaml");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--targets: file not found: /no/such/targets.yaml");
  }

  @Test
  void submitHelp_printsTheFlinkRunCommandsWithTheMainClasses() {
    int exit = HeadroomCommand.run("flink", "submit-help");
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("flink run -d -c io.headroom.flink.forecast.ForecastJob ")
        .contains("flink run -d -c io.headroom.flink.scaling.ScalingJob ")
        .contains("--targets ");
  }
}
