package io.headroom.gateway;

import io.headroom.gateway.remotewrite.RemoteWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Builds real remote-write bodies (protobuf from the generated classes, snappy block) for tests.
 */
final class RemoteWriteBodies {
  private RemoteWriteBodies() {}

  static RemoteWrite.TimeSeries series(
      String name, Map<String, String> labels, long timestampMillis, double value) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put("__name__", name);
    RemoteWrite.TimeSeries.Builder ts = RemoteWrite.TimeSeries.newBuilder();
    all.forEach((k, v) -> ts.addLabels(RemoteWrite.Label.newBuilder().setName(k).setValue(v)));
    return ts.addSamples(
            RemoteWrite.Sample.newBuilder().setValue(value).setTimestamp(timestampMillis))
        .build();
  }

  static byte[] body(RemoteWrite.TimeSeries... series) {
    RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
    for (RemoteWrite.TimeSeries ts : series) {
      request.addTimeseries(ts);
    }
    try {
      return Snappy.compress(request.build().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
