package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `headroom gateway` hands its Kafka client properties to the clients it makes. */
class GatewayCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
  }

  /**
   * The Kafka client itself refuses the value, so the property did reach it (before --kafka existed
   * on this command, the option was unknown and the protocol could not be set at all).
   */
  @Test
  void aKafkaProperty_reachesTheClient_andABadValueIsOneLine() {
    int exit =
        HeadroomCommand.run(
            "gateway",
            "--bootstrap",
            "127.0.0.1:9",
            "--listen",
            "127.0.0.1:0",
            "--kafka",
            "security.protocol=NOT_A_PROTOCOL");

    String message = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(exit).isNotZero();
    assertThat(message).contains("security.protocol").contains("NOT_A_PROTOCOL");
    assertThat(message.lines()).hasSize(1);
  }
}
