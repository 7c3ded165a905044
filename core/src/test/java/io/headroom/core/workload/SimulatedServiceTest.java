package io.headroom.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.metric.MetricNames;
import io.headroom.core.metric.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedServiceTest {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void step_emitsRequestsSummingToTheLoad_andOneReplicaGauge() {
    SimulatedService service = new SimulatedService("api", ServiceProfile.defaults(100), 7);

    List<MetricSample> samples = service.step(T0, MINUTE, 350);

    double requests =
        samples.stream()
            .filter(s -> s.metric().equals(MetricNames.REQUESTS))
            .mapToDouble(MetricSample::value)
            .sum();
    assertThat(requests).isCloseTo(350, within(3.0));
    assertThat(samples.stream().filter(s -> s.metric().equals(MetricNames.REPLICAS)).toList())
        .singleElement()
        .extracting(MetricSample::value)
        .isEqualTo(5.0); // ceil(350 / (100 * 0.7))
    assertThat(samples).allSatisfy(s -> assertThat(s.eventTime()).isBetween(T0, T0.plus(MINUTE)));
  }

  @Test
  void latency_growsWithUtilization() {
    ServiceProfile profile = ServiceProfile.defaults(100);
    double idle = medianLatency(new SimulatedService("api", profile, 1).step(T0, MINUTE, 10));
    double busy = medianLatency(new SimulatedService("api", profile, 1).step(T0, MINUTE, 69));

    assertThat(busy).isGreaterThan(1.5 * idle);
  }

  @Test
  void sameSeed_sameSamples() {
    var a = new SimulatedService("api", ServiceProfile.defaults(100), 42).step(T0, MINUTE, 200);
    var b = new SimulatedService("api", ServiceProfile.defaults(100), 42).step(T0, MINUTE, 200);
    assertThat(a).isEqualTo(b);
  }

  private static double medianLatency(List<MetricSample> samples) {
    double[] values =
        samples.stream()
            .filter(s -> s.metric().equals(MetricNames.LATENCY_MS))
            .mapToDouble(MetricSample::value)
            .sorted()
            .toArray();
    return values[values.length / 2];
  }
}
