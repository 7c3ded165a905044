package io.headroom.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.forecast.ForecasterCodec;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecasterBytesCodecTest {
  private static byte[] encodedModel() {
    LoadForecaster model = Forecasters.create("auto", Duration.ofMinutes(1));
    for (int m = 0; m < 100; m++) {
      model.update(Instant.parse("2024-03-04T00:00:00Z").plusSeconds(60L * m), 100 + m % 7);
    }
    return ForecasterCodec.encode(model);
  }

  @Test
  void aCurrentModel_roundTrips() {
    byte[] bytes = encodedModel();
    LoadForecaster decoded = new ForecasterBytesCodec().decode(bytes);
    assertThat(ForecasterCodec.encode(decoded)).isEqualTo(bytes);
  }

  @Test
  void aModelFromAnEarlierRelease_isDropped_soTheSeriesLearnsAfresh() {
    byte[] bytes = encodedModel();
    int current = ForecasterCodec.versionOf(bytes);
    ByteBuffer.wrap(bytes).putInt(4, current - 1);
    assertThat(ForecasterCodec.isOutdated(bytes)).isTrue();
    assertThat(new ForecasterBytesCodec().decode(bytes)).isNull();
  }

  @Test
  void bytesThatAreNoModel_stillFail() {
    assertThatThrownBy(() -> new ForecasterBytesCodec().decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an encoded forecaster");
  }

  @Test
  void inFlinkState_aDroppedModelIsRestoredAsNoModel_andCheckpointsAsNone() throws Exception {
    var serializer = new io.headroom.flink.serde.CodecSerializer<>(new ForecasterBytesCodec());
    byte[] outdated = encodedModel();
    ByteBuffer.wrap(outdated).putInt(4, ForecasterCodec.versionOf(outdated) - 1);
    var savepoint = new org.apache.flink.core.memory.DataOutputSerializer(64);
    savepoint.writeInt(outdated.length);
    savepoint.write(outdated);
    LoadForecaster restored =
        serializer.deserialize(
            new org.apache.flink.core.memory.DataInputDeserializer(savepoint.getCopyOfBuffer()));
    assertThat(restored).isNull();

    var checkpoint = new org.apache.flink.core.memory.DataOutputSerializer(64);
    serializer.serialize(restored, checkpoint);
    var copied = new org.apache.flink.core.memory.DataOutputSerializer(64);
    serializer.copy(
        new org.apache.flink.core.memory.DataInputDeserializer(checkpoint.getCopyOfBuffer()),
        copied);
    assertThat(
            serializer.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(copied.getCopyOfBuffer())))
        .isNull();
  }
}
