package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  @Test
  void withoutThePort_nothingIsServedOrPrinted() throws Exception {
    StringWriter log = new StringWriter();
    assertThat(MetricsEndpoint.serveIfAsked(null, r -> {}, new PrintWriter(log))).isNull();
    assertThat(log.toString()).isEmpty();
  }

  @Test
  void portZero_servesOnAFreePort_saysWhere_andReadsTheFigureAtEachScrape() throws Exception {
    AtomicLong figure = new AtomicLong(7);
    StringWriter log = new StringWriter();
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.serveIfAsked(
            0,
            r ->
                CounterWithCallback.builder()
                    .name("headroom_test_things")
                    .help("things")
                    .callback(c -> c.call(figure.get()))
                    .register(r),
            new PrintWriter(log))) {
      assertThat(endpoint.port()).isPositive();
      assertThat(log.toString())
          .isEqualTo(
              "metrics on http://0.0.0.0:" + endpoint.port() + "/metrics" + System.lineSeparator());
      assertThat(
              MetricsScrape.value(
                  MetricsScrape.scrape(endpoint.port()), "headroom_test_things_total"))
          .hasValue(7);
      figure.set(9);
      assertThat(
              MetricsScrape.value(
                  MetricsScrape.scrape(endpoint.port()), "headroom_test_things_total"))
          .hasValue(9);
    }
  }

  @Test
  void aPortOutOfRange_isNamedWithTheOption() {
    assertThatThrownBy(() -> MetricsEndpoint.serve(70_000, r -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--metrics-port: 70000 must be within 0..65535");
  }
}
