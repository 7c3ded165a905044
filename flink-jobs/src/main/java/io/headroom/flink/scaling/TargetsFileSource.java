package io.headroom.flink.scaling;

import io.headroom.flink.serde.CodecTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Re-reads the targets file every poll period and emits its content; the scaling function keeps the
 * last valid version. Runs with parallelism 1 (one reader); the file must be readable where that
 * subtask runs (a shared volume or a ConfigMap mounted on every TaskManager). The stream carries no
 * event time: it is idle for watermarks, so it never holds decisions back.
 */
final class TargetsFileSource {
  private TargetsFileSource() {}

  static DataGeneratorSource<TargetsFile> create(String path, Duration poll) {
    return new DataGeneratorSource<>(
        new ReadFile(path),
        Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(1000.0 / Math.max(1, poll.toMillis())),
        CodecTypeInfo.of(new TargetsFile.Codec()));
  }

  /**
   * The targets given as text, as a stream that never ends (it repeats the text hourly, which the
   * function ignores). A finished broadcast input would carry the end-of-time watermark: whenever
   * the windows went quiet for the idleness timeout, event time would jump to the end of time, and
   * every later window would be late and never decided on.
   */
  static DataGeneratorSource<TargetsFile> fixed(String text) {
    return new DataGeneratorSource<>(
        new FixedText(text),
        Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(1.0 / 3600),
        CodecTypeInfo.of(new TargetsFile.Codec()));
  }

  /**
   * A watermark strategy that keeps the stream idle: configuration changes are processing-time
   * events.
   */
  static WatermarkStrategy<TargetsFile> idle() {
    return WatermarkStrategy.forGenerator(
        context ->
            new WatermarkGenerator<>() {
              @Override
              public void onEvent(TargetsFile event, long eventTimestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
              }
            });
  }

  static final class FixedText implements GeneratorFunction<Long, TargetsFile> {
    private static final long serialVersionUID = 1L;
    private final String text;

    FixedText(String text) {
      this.text = text;
    }

    @Override
    public TargetsFile map(Long index) {
      return new TargetsFile("(settings)", text, null);
    }
  }

  static final class ReadFile implements GeneratorFunction<Long, TargetsFile> {
    private static final long serialVersionUID = 1L;
    private final String path;

    ReadFile(String path) {
      this.path = path;
    }

    @Override
    public TargetsFile map(Long index) {
      try {
        return new TargetsFile(path, Files.readString(Path.of(path), StandardCharsets.UTF_8), null);
      } catch (IOException | RuntimeException e) {
        return new TargetsFile(path, null, e.toString());
      }
    }
  }
}
