package io.headroom.bench;

import io.headroom.gateway.remotewrite.RemoteWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Remote-write bodies for (e) and (f), built once so the clients only post: snappy-compressed
 * {@code WriteRequest}s as Prometheus sends them, one gauge sample per series (the gateway maps it
 * to one event), {@code samplesPerRequest} per body, spread over {@code services} jobs.
 */
record RemoteWriteWorkload(List<byte[]> bodies, int samples) {

  static RemoteWriteWorkload generate(
      int samples, int services, int samplesPerRequest, Instant start) {
    List<byte[]> bodies = new ArrayList<>();
    RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
    long startMillis = start.toEpochMilli();
    for (int i = 0; i < samples; i++) {
      int service = i % services;
      request.addTimeseries(
          RemoteWrite.TimeSeries.newBuilder()
              .addLabels(label("__name__", "bench_queue_depth"))
              .addLabels(label("instance", "pod-" + (i / services) % 10))
              .addLabels(label("job", "svc-" + service))
              .addLabels(label("queue", "q" + (i / services / 10) % 20))
              .addSamples(
                  RemoteWrite.Sample.newBuilder()
                      .setTimestamp(startMillis + i / services)
                      .setValue(i % 1000)));
      if (request.getTimeseriesCount() == samplesPerRequest || i == samples - 1) {
        bodies.add(compress(request.build()));
        request = RemoteWrite.WriteRequest.newBuilder();
      }
    }
    return new RemoteWriteWorkload(List.copyOf(bodies), samples);
  }

  long bytes() {
    return bodies.stream().mapToLong(b -> b.length).sum();
  }

  private static RemoteWrite.Label label(String name, String value) {
    return RemoteWrite.Label.newBuilder().setName(name).setValue(value).build();
  }

  private static byte[] compress(RemoteWrite.WriteRequest request) {
    try {
      return Snappy.compress(request.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
