package io.headroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrokerCheckTest {
  @Test
  void synth_onABrokerThatIsNotThere_failsWithOneLine_withinThirtySeconds() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + closedPort;
    SyntheticLoad load =
        new SyntheticLoad(
            1, Duration.ofHours(1), Duration.ofMinutes(1), 100, 0.5, 0.6, 0, 0, null, 100, 0, 1);

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                load.publish(
                    new ProducerSettings(bootstrap, "metrics.raw"),
                    Instant.now(),
                    new PrintStream(OutputStream.nullOutputStream())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no Kafka broker answered at " + bootstrap)
        .hasMessageNotContaining("\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }
}
