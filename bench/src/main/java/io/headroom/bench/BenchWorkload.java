package io.headroom.bench;

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

/**
 * The benchmark's events, generated and encoded up front so generation is not measured. Only the
 * encoded records, their keys and timestamps stay in memory (about 150 MB for a million events);
 * the decoded objects would triple that, and the collector marking a large live set in the
 * background takes CPU from whichever measurement it overlaps.
 */
final class BenchWorkload {
  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  private final List<byte[]> encoded;
  private final String[] keys;
  private final long[] timestamps;
  private final long latencySamples;

  private BenchWorkload(
      List<byte[]> encoded, String[] keys, long[] timestamps, long latencySamples) {
    this.encoded = encoded;
    this.keys = keys;
    this.timestamps = timestamps;
    this.latencySamples = latencySamples;
  }

  static BenchWorkload generate(int target, int services) {
    List<SimulatedService> simulated = new ArrayList<>();
    List<SyntheticTraffic> traffic = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      names.add("bench-" + s);
      simulated.add(new SimulatedService(names.get(s), ServiceProfile.defaults(100), s));
      traffic.add(SyntheticTraffic.typicalWebService(300 + 50 * s));
    }
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    List<byte[]> encoded = new ArrayList<>(target);
    String[] keys = new String[target];
    long[] timestamps = new long[target];
    long latencySamples = 0;
    Duration step = Duration.ofMinutes(1);
    for (int minute = 0; encoded.size() < target; minute++) {
      Instant at = START.plus(step.multipliedBy(minute));
      for (int s = 0; s < services && encoded.size() < target; s++) {
        List<MetricSample> samples =
            simulated.get(s).step(at, step, traffic.get(s).expected(START, at));
        for (int k = 0; k < samples.size() && encoded.size() < target; k++) {
          MetricEvent event =
              MetricEventMapper.toEvent(
                  MetricEventMapper.stableId(samples.get(k), k), samples.get(k));
          keys[encoded.size()] = names.get(s);
          timestamps[encoded.size()] = event.getEventTime().toEpochMilli();
          latencySamples += event.getMetric().equals(MetricNames.LATENCY_MS) ? 1 : 0;
          encoded.add(codec.encode(event));
        }
      }
    }
    return new BenchWorkload(encoded, keys, timestamps, latencySamples);
  }

  /**
   * The same events {@code by} later in event time (and record timestamp): new traffic for a
   * running app.
   */
  BenchWorkload later(Duration by) {
    if (by.isZero()) {
      return this;
    }
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    List<byte[]> moved = new ArrayList<>(size());
    long[] movedTimestamps = new long[size()];
    for (int i = 0; i < size(); i++) {
      MetricEvent event = codec.decode(encoded.get(i));
      event.setEventTime(event.getEventTime().plus(by));
      moved.add(codec.encode(event));
      movedTimestamps[i] = timestamps[i] + by.toMillis();
    }
    return new BenchWorkload(moved, keys, movedTimestamps, latencySamples);
  }

  int size() {
    return encoded.size();
  }

  byte[] encoded(int i) {
    return encoded.get(i);
  }

  String key(int i) {
    return keys[i];
  }

  long timestamp(int i) {
    return timestamps[i];
  }

  /** The events, decoded one at a time as the iteration reaches them. */
  Iterable<MetricEvent> events() {
    AvroCodec<MetricEvent> codec = AvroCodec.of(MetricEvent.class);
    return () -> encoded.stream().map(codec::decode).iterator();
  }

  /**
   * Each partition's share of the events under Kafka's default partitioner, e.g. "27 % 24 % 25 % 24
   * %".
   */
  String partitionShares(int partitions) {
    long[] counts = new long[partitions];
    for (String key : keys) {
      counts[Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions]++;
    }
    StringBuilder shares = new StringBuilder();
    for (long count : counts) {
      shares
          .append(shares.isEmpty() ? "" : " ")
          .append(Math.round(100.0 * count / size()))
          .append(" %");
    }
    return shares.toString();
  }

  Duration eventTimeSpan() {
    return Duration.ofMillis(timestamps[size() - 1] - timestamps[0]);
  }

  long latencySamples() {
    return latencySamples;
  }
}
