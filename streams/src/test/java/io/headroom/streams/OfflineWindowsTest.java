package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.metric.MetricSample;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricEventMapper;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Windows computed offline equal, record for record, the ones the percentile topology emits for the
 * same samples: three hours of a simulated service whose load climbs and falls, 1-minute and 1-hour
 * windows.
 */
class OfflineWindowsTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);
  static final int STEPS = 180;

  @Test
  void offlineWindows_equalTheTopologysWindows_forTheSameSamples() {
    StreamsSettings settings = settings();
    List<List<MetricSample>> steps = simulatedSteps();

    List<PercentileWindow> offline = new ArrayList<>();
    OfflineWindows windows = new OfflineWindows(settings, offline::add);
    for (int n = 0; n < STEPS; n++) {
      windows.closeEndingBy(T0.plus(STEP.multipliedBy(n)));
      steps.get(n).forEach(windows::add);
    }
    windows.closeEndingBy(T0.plus(STEP.multipliedBy(STEPS)));

    List<PercentileWindow> streamed = throughTopology(settings, steps);

    assertThat(offline).hasSize(streamed.size());
    assertThat(offline)
        .filteredOn(w -> w.getWindowEnd().equals(T0.plus(Duration.ofHours(3))))
        .extracting(w -> Duration.between(w.getWindowStart(), w.getWindowEnd()))
        .contains(Duration.ofHours(1));
    assertThat(sorted(offline)).containsExactlyElementsOf(sorted(streamed));
  }

  private static List<PercentileWindow> throughTopology(
      StreamsSettings settings, List<List<MetricSample>> steps) {
    Clock wallClock = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PercentileTopology.build(settings, wallClock), settings.streamsConfig())) {
      TestInputTopic<String, MetricEvent> input =
          driver.createInputTopic(
              Topics.METRICS_RAW,
              new StringSerializer(),
              AvroSerdes.of(MetricEvent.class).serializer());
      int sequence = 0;
      for (List<MetricSample> step : steps) {
        for (MetricSample sample : step) {
          MetricEvent event =
              MetricEventMapper.toEvent(MetricEventMapper.stableId(sample, sequence++), sample);
          input.pipeInput(event.getService(), event, event.getEventTime());
        }
      }
      // Stream time past the last window's end and the grace period closes every window.
      MetricSample clock =
          new MetricSample(
              "zz-clock",
              "zz-clock-0",
              "cpu_percent",
              io.headroom.core.metric.MetricKind.GAUGE,
              0,
              "percent",
              T0.plus(STEP.multipliedBy(STEPS)).plus(settings.grace()));
      MetricEvent closer = MetricEventMapper.toEvent("closer", clock);
      input.pipeInput(closer.getService(), closer, closer.getEventTime());
      return driver
          .createOutputTopic(
              Topics.METRICS_WINDOWS,
              new StringDeserializer(),
              AvroSerdes.of(PercentileWindow.class).deserializer())
          .readValuesToList();
    }
  }

  private static List<List<MetricSample>> simulatedSteps() {
    SimulatedService service =
        new SimulatedService("checkout", ServiceProfile.defaults(60), "checkout".hashCode());
    List<List<MetricSample>> steps = new ArrayList<>();
    for (int n = 0; n < STEPS; n++) {
      double load = 200 + 150 * Math.sin(Math.PI * n / STEPS);
      steps.add(service.step(T0.plus(STEP.multipliedBy(n)), STEP, load));
    }
    return steps;
  }

  private static StreamsSettings settings() {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", "unused:9092");
    properties.setProperty(StreamsSettings.WINDOWS, "1m,1h");
    properties.setProperty(StreamsSettings.GRACE, "10s");
    properties.setProperty(StreamsSettings.STORE, "in-memory");
    return StreamsSettings.fromProperties(properties);
  }

  private static List<PercentileWindow> sorted(List<PercentileWindow> windows) {
    return windows.stream()
        .sorted(
            Comparator.comparing((PercentileWindow w) -> w.getWindowEnd())
                .thenComparing(w -> w.getWindowStart())
                .thenComparing(PercentileWindow::getMetric))
        .toList();
  }
}
