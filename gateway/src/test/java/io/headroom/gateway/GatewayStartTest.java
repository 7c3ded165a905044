package io.headroom.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.gateway.mapping.MappingConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayStartTest {
  /**
   * Without a broker the gateway does not start (it used to serve and answer every request 503
   * after its 25 s ack timeout): one line naming the address, well within the 30 s a command has.
   */
  @Test
  void start_withoutABroker_failsWithOneLineNamingTheAddress() throws IOException {
    String nobody = "127.0.0.1:" + closedPort();
    GatewaySettings settings = GatewaySettings.defaults(nobody).withPort(0);
    long started = System.nanoTime();

    assertThatThrownBy(() -> RemoteWriteServer.start(settings, MappingConfig.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no Kafka broker answered at " + nobody)
        .hasMessageNotContaining("\n");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
