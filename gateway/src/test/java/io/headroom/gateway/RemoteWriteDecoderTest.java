package io.headroom.gateway;

import static io.headroom.gateway.RemoteWriteBodies.body;
import static io.headroom.gateway.RemoteWriteBodies.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.gateway.mapping.PromSeries;
import io.headroom.gateway.mapping.SeriesMapper;
import io.headroom.gateway.remotewrite.RemoteWrite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

class RemoteWriteDecoderTest {
  private static final long T0 = 1_793_577_600_000L;
  private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1 << 20);

  @Test
  void snappyProtobufBody_decodesLabelsSortedAndSamples() throws Exception {
    byte[] body =
        body(
            series("up", Map.of("job", "prometheus", "instance", "127.0.0.1:9090"), T0, 1),
            series("go_goroutines", Map.of("job", "prometheus"), T0 + 1_000, 37));

    List<PromSeries> decoded = decoder.decode(body);

    assertThat(decoded).hasSize(2);
    assertThat(decoded.get(0).labels())
        .containsExactly(
            Map.entry("__name__", "up"),
            Map.entry("instance", "127.0.0.1:9090"),
            Map.entry("job", "prometheus"));
    assertThat(decoded.get(0).timestampsMillis()).containsExactly(T0);
    assertThat(decoded.get(0).values()).containsExactly(1.0);
    assertThat(decoded.get(1).name()).isEqualTo("go_goroutines");
    assertThat(decoded.get(1).values()).containsExactly(37.0);
  }

  @Test
  void stalenessMarker_survivesDecodingBitForBit() throws Exception {
    double stale = Double.longBitsToDouble(SeriesMapper.STALE_NAN_BITS);

    List<PromSeries> decoded = decoder.decode(body(series("up", Map.of("job", "x"), T0, stale)));

    assertThat(Double.doubleToRawLongBits(decoded.get(0).values()[0]))
        .isEqualTo(SeriesMapper.STALE_NAN_BITS);
  }

  @Test
  void protobufWithoutSnappy_isRefused() {
    byte[] plain =
        RemoteWrite.WriteRequest.newBuilder()
            .addTimeseries(series("up", Map.of("job", "x"), T0, 1))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> decoder.decode(plain))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessageStartingWith("body is not snappy block-compressed");
  }

  @Test
  void framedSnappy_isRefused_remoteWriteUsesTheBlockFormat() throws Exception {
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(framed)) {
      out.write(
          RemoteWrite.WriteRequest.newBuilder()
              .addTimeseries(series("up", Map.of("job", "x"), T0, 1))
              .build()
              .toByteArray());
    }

    assertThatThrownBy(() -> decoder.decode(framed.toByteArray()))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessageStartingWith("body is not snappy block-compressed");
  }

  @Test
  void snappyOfSomethingElse_isRefusedAsNotProtobuf() throws Exception {
    byte[] body = Snappy.compress("{\"timeseries\": []}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> decoder.decode(body))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessageStartingWith("body is not a protobuf prometheus.WriteRequest");
  }

  @Test
  void emptyBody_isRefused() {
    assertThatThrownBy(() -> decoder.decode(new byte[0]))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessage("empty body; expected a snappy-compressed prometheus.WriteRequest");
  }

  @Test
  void declaredLengthOverTheLimit_isRefusedBeforeDecompressing() throws Exception {
    byte[] body = Snappy.compress(new byte[4096]);

    assertThatThrownBy(() -> new RemoteWriteDecoder(1024).decode(body))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessage("decompressed body of 4096 bytes exceeds the limit of 1024");
  }

  @Test
  void manySamplesAndFieldsItDoesNotKnow_decodeAsTheGeneratedClassesDo() throws Exception {
    RemoteWrite.TimeSeries three =
        series("up", Map.of("job", "x"), T0, 1).toBuilder()
            .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0 + 1).setValue(2))
            .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0 + 2).setValue(3))
            .build();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(RemoteWrite.WriteRequest.newBuilder().addTimeseries(three).build().toByteArray());
    // Field 3, length-delimited: the metadata Prometheus sends alongside, not read here.
    raw.write(new byte[] {0x1a, 0x02, 0x08, 0x01});

    List<PromSeries> decoded = decoder.decode(Snappy.compress(raw.toByteArray()));

    assertThat(decoded).hasSize(1);
    assertThat(decoded.get(0).timestampsMillis()).containsExactly(T0, T0 + 1, T0 + 2);
    assertThat(decoded.get(0).values()).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void truncatedProtobuf_isRefused() throws Exception {
    byte[] whole =
        RemoteWrite.WriteRequest.newBuilder()
            .addTimeseries(series("up", Map.of("job", "x"), T0, 1))
            .build()
            .toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

    assertThatThrownBy(() -> decoder.decode(Snappy.compress(cut)))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessageContaining("not a protobuf prometheus.WriteRequest");
  }

  @Test
  void labelsOutOfOrderOrRepeated_decodeAsAMapOfThemInOrder_theLastValueKept() throws Exception {
    RemoteWrite.TimeSeries ts =
        RemoteWrite.TimeSeries.newBuilder()
            .addLabels(label("job", "first"))
            .addLabels(label("__name__", "up"))
            .addLabels(label("zone", "é"))
            .addLabels(label("job", "second"))
            .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0).setValue(1))
            .build();

    PromSeries decoded = decoder.decode(body(ts)).get(0);

    assertThat(decoded.labels())
        .containsExactly(
            Map.entry("__name__", "up"), Map.entry("job", "second"), Map.entry("zone", "é"));
    assertThat(decoded.key()).isEqualTo("up{job=\"second\",zone=\"é\"}");
  }

  @Test
  void theNamesOfTheSeriesBefore_inAnotherOrder_areStillSorted() throws Exception {
    RemoteWrite.TimeSeries inOrder =
        RemoteWrite.TimeSeries.newBuilder()
            .addLabels(label("__name__", "up"))
            .addLabels(label("job", "a"))
            .addLabels(label("zone", "z1"))
            .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0).setValue(1))
            .build();
    RemoteWrite.TimeSeries swapped =
        inOrder.toBuilder()
            .setLabels(1, label("zone", "z2"))
            .setLabels(2, label("job", "b"))
            .build();
    RemoteWrite.TimeSeries repeated = inOrder.toBuilder().setLabels(2, label("job", "c")).build();
    byte[] raw =
        RemoteWrite.WriteRequest.newBuilder()
            .addTimeseries(inOrder)
            .addTimeseries(swapped)
            .addTimeseries(inOrder)
            .addTimeseries(repeated)
            .build()
            .toByteArray();

    List<PromSeries> decoded = decoder.decode(Snappy.compress(raw));

    assertThat(decoded.get(1).key()).isEqualTo("up{job=\"b\",zone=\"z2\"}");
    assertThat(decoded.get(2).key()).isEqualTo("up{job=\"a\",zone=\"z1\"}");
    assertThat(decoded.get(3).labels())
        .containsExactly(Map.entry("__name__", "up"), Map.entry("job", "c"));
  }

  @Test
  void manySeries_decodeAsTheGeneratedClassesReadThem() throws Exception {
    RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
    for (int i = 0; i < 300; i++) {
      RemoteWrite.TimeSeries.Builder ts =
          series("metric_" + i % 7, Map.of("job", "svc-" + i % 13, "pod", "pod-" + i), T0 + i, i)
              .toBuilder();
      for (int s = 0; s < i % 4; s++) {
        ts.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0 + i + s + 1).setValue(-s));
      }
      request.addTimeseries(ts);
    }
    RemoteWrite.WriteRequest sent = request.build();

    List<PromSeries> decoded = decoder.decode(Snappy.compress(sent.toByteArray()));

    assertThat(decoded).hasSize(sent.getTimeseriesCount());
    for (int i = 0; i < decoded.size(); i++) {
      RemoteWrite.TimeSeries expected = sent.getTimeseries(i);
      Map<String, String> labels = new java.util.TreeMap<>();
      expected.getLabelsList().forEach(l -> labels.put(l.getName(), l.getValue()));
      assertThat(decoded.get(i).labels()).containsExactlyEntriesOf(labels);
      assertThat(decoded.get(i).timestampsMillis())
          .containsExactly(
              expected.getSamplesList().stream()
                  .mapToLong(RemoteWrite.Sample::getTimestamp)
                  .toArray());
      assertThat(decoded.get(i).values())
          .containsExactly(
              expected.getSamplesList().stream()
                  .mapToDouble(RemoteWrite.Sample::getValue)
                  .toArray());
    }
  }

  @Test
  void labelValueThatIsNotUtf8_isRefused() throws Exception {
    // Series { Label { name "job", value 0xC3 0x28 } }: a two-byte sequence cut short.
    byte[] raw = {0x0a, 0x0c, 0x0a, 0x0a, 0x0a, 0x03, 'j', 'o', 'b', 0x12, 0x02, (byte) 0xc3, 0x28};
    assertThatThrownBy(() -> RemoteWrite.WriteRequest.parseFrom(raw))
        .as("the generated parser refuses it too")
        .isInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);

    assertThatThrownBy(() -> decoder.decode(Snappy.compress(raw)))
        .isInstanceOf(RemoteWriteDecoder.BadBodyException.class)
        .hasMessageContaining("not a protobuf prometheus.WriteRequest");
  }

  @Test
  void labelsOnBothSidesOfTheSamples_decodeAsTheGeneratedClassesReadThem() throws Exception {
    // Valid protobuf, though Prometheus writes labels first: fields of one message may interleave.
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    series.write(
        RemoteWrite.TimeSeries.newBuilder().addLabels(label("job", "x")).build().toByteArray());
    series.write(
        RemoteWrite.TimeSeries.newBuilder()
            .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(T0).setValue(5))
            .build()
            .toByteArray());
    series.write(
        RemoteWrite.TimeSeries.newBuilder()
            .addLabels(label("__name__", "up"))
            .build()
            .toByteArray());
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(0x0a); // field 1, length-delimited
    request.write(series.size()); // under 128: one varint byte
    series.writeTo(request);
    byte[] raw = request.toByteArray();
    RemoteWrite.TimeSeries expected = RemoteWrite.WriteRequest.parseFrom(raw).getTimeseries(0);
    assertThat(expected.getLabelsCount()).isEqualTo(2);

    for (int twice = 0; twice < 2; twice++) {
      PromSeries decoded = decoder.decode(Snappy.compress(raw)).get(0);
      assertThat(decoded.labels())
          .containsExactly(Map.entry("__name__", "up"), Map.entry("job", "x"));
      assertThat(decoded.values()).containsExactly(5.0);
    }
  }

  private static RemoteWrite.Label label(String name, String value) {
    return RemoteWrite.Label.newBuilder().setName(name).setValue(value).build();
  }
}
