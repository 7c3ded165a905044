package io.headroom.cli;

import io.headroom.core.metric.MetricNames;
import io.headroom.core.metric.MetricSample;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.core.workload.SyntheticTraffic;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricEventMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/** The benchmark's events, generated and encoded up front so generation is not measured. */
record BenchWorkload(List<MetricEvent> events, List<byte[]> encoded) {
  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  static BenchWorkload generate(int target, int services) {
    List<SimulatedService> simulated = new ArrayList<>();
    List<SyntheticTraffic> traffic = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      simulated.add(new SimulatedService("bench-" + s, ServiceProfile.defaults(100), s));
      traffic.add(SyntheticTraffic.typicalWebService(300 + 50 * s));
    }
    List<MetricEvent> events = new ArrayList<>(target + 1000);
    Duration step = Duration.ofMinutes(1);
    for (int minute = 0; events.size() < target; minute++) {
      Instant at = START.plus(step.multipliedBy(minute));
      for (int s = 0; s < services && events.size() < target; s++) {
        List<MetricSample> samples = simulated.get(s).step(at, step, traffic.get(s).expected(START, at));
        for (int k = 0; k < samples.size() && events.size() < target; k++) {
          events.add(MetricEventMapper.toEvent(MetricEventMapper.stableId(samples.get(k), k), samples.get(k)));
        }
      }
    }
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    List<byte[]> encoded = events.stream().map(codec::encode).toList();
    return new BenchWorkload(events, encoded);
  }

  /** Each partition's share of the events under Kafka's default partitioner, e.g. "27 % 24 % 25 % 24 %". */
  String partitionShares(int partitions) {
    long[] counts = new long[partitions];
    for (MetricEvent event : events) {
      byte[] key = event.getService().getBytes(StandardCharsets.UTF_8);
      counts[Utils.toPositive(Utils.murmur2(key)) % partitions]++;
    }
    StringBuilder shares = new StringBuilder();
    for (long count : counts) {
      shares.append(shares.isEmpty() ? "" : " ").append(Math.round(100.0 * count / events.size())).append(" %");
    }
    return shares.toString();
  }

  Duration eventTimeSpan() {
    return Duration.between(events.get(0).getEventTime(), events.get(events.size() - 1).getEventTime());
  }

  int size() {
    return events.size();
  }

  long latencySamples() {
    return events.stream().filter(e -> e.getMetric().equals(MetricNames.LATENCY_MS)).count();
  }
}
