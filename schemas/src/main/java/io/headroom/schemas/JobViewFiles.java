package io.headroom.schemas;

import io.headroom.core.backtest.JobViewBacktest;
import io.headroom.core.metric.MetricKind;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.core.target.ForecastView;
import io.headroom.core.window.WindowObservation;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A job-view backtest written as the scaling job's inputs and expected output, Avro container files
 * with the wire schemas: {@value #WINDOWS} ({@code metrics.windows} records), {@value #FORECASTS}
 * ({@code load.forecasts}), {@value #COMMANDS} (the {@code scaling.commands} the job must produce
 * from them) and {@value #TARGETS} (its targets file). Produce the first two to the job's topics,
 * run the job with the targets file, and compare its commands with the third.
 */
public final class JobViewFiles implements JobViewBacktest.Sink, Closeable {
  public static final String WINDOWS = "windows.avro";
  public static final String FORECASTS = "forecasts.avro";
  public static final String COMMANDS = "commands.avro";
  public static final String TARGETS = "targets.yaml";

  private final String target;
  private final String policy;
  private final DataFileWriter<PercentileWindow> windows;
  private final DataFileWriter<LoadForecast> forecasts;
  private final DataFileWriter<ScalingCommand> commands;
  private long windowCount;
  private long forecastCount;
  private long commandCount;

  /** Creates the four files in {@code directory} (which must exist), replacing older ones. */
  public JobViewFiles(Path directory, String target, String policy, String targetsYaml)
      throws IOException {
    this.target = target;
    this.policy = policy;
    Files.writeString(directory.resolve(TARGETS), targetsYaml, StandardCharsets.UTF_8);
    this.windows = open(PercentileWindow.class, directory.resolve(WINDOWS));
    this.forecasts = open(LoadForecast.class, directory.resolve(FORECASTS));
    this.commands = open(ScalingCommand.class, directory.resolve(COMMANDS));
  }

  @Override
  public void window(WindowObservation window, MetricKind kind, SketchAccumulator samples) {
    append(
        windows,
        PercentileWindowMapper.toWindow(
            window.service(),
            window.metric(),
            io.headroom.schemas.MetricKind.valueOf(kind.name()),
            window.start(),
            window.end(),
            samples));
    windowCount++;
  }

  @Override
  public void forecast(String metric, ForecastView forecast) {
    append(
        forecasts,
        ForecastRecords.toRecord(
            target,
            metric,
            forecast.model(),
            forecast.trusted(),
            Instant.ofEpochMilli(forecast.fittedAt()),
            Duration.ofSeconds(forecast.stepSeconds()),
            forecast.points()));
    forecastCount++;
  }

  @Override
  public void decision(ScalingDecision decision, Double forecastValue) {
    append(commands, ScalingCommandMapper.toCommand(target, policy, decision, forecastValue));
    commandCount++;
  }

  /** "N windows, N forecasts, N commands". */
  public String summary() {
    return windowCount + " windows, " + forecastCount + " forecasts, " + commandCount + " commands";
  }

  @Override
  public void close() throws IOException {
    windows.close();
    forecasts.close();
    commands.close();
  }

  /** Every record of a container file written by this class, in order. */
  public static <T extends SpecificRecordBase> List<T> read(Class<T> type, Path file)
      throws IOException {
    List<T> records = new ArrayList<>();
    try (DataFileReader<T> reader =
        new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
      reader.forEach(records::add);
    }
    return records;
  }

  private static <T extends SpecificRecord> DataFileWriter<T> open(Class<T> type, Path file)
      throws IOException {
    DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type));
    return writer.create(SpecificData.get().getSchema(type), file.toFile());
  }

  private static <T> void append(DataFileWriter<T> writer, T record) {
    try {
      writer.append(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + record.getClass().getSimpleName(), e);
    }
  }
}
