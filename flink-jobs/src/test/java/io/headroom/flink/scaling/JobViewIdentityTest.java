package io.headroom.flink.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.backtest.JobViewBacktest;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.JobViewFiles;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scaling operator, fed the windows and forecasts a job-view backtest emitted with event time
 * advancing as the Kafka source advances it, makes the backtest's decisions, one for one
 * (JobIdentityIT does the same through a broker and a MiniCluster).
 */
class JobViewIdentityTest {
  static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

  /**
   * Two days a minute apart: a daily wave with a surge on the second afternoon the forecast has not
   * seen, and a few missing minutes.
   */
  static Trace trace() {
    List<TracePoint> points = new ArrayList<>();
    for (int minute = 0; minute < 2 * 1440; minute++) {
      if (minute % 997 == 500) {
        continue; // a gap: the pods report no load
      }
      double day = Math.sin(2 * Math.PI * (minute % 1440) / 1440.0);
      double surge = minute > 1440 + 800 && minute < 1440 + 900 ? 600 : 0;
      points.add(
          new TracePoint(
              T0.plusSeconds(60L * minute), 800 + 500 * day + surge + 37 * (minute % 7)));
    }
    return new Trace(points, Duration.ofMinutes(1), 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hpa", "predictive"})
  void scalingOperator_onTheBacktestsWindowsAndForecasts_decidesAsTheBacktest(
      String policy, @TempDir Path dir) throws Exception {
    Trace trace = trace();
    JobViewBacktest backtest =
        new JobViewBacktest(
            "checkout",
            JobViewBacktest.cpuSpecYaml(1, 200, 70),
            BacktestSettings.withCapacity(60),
            policy.equals("predictive"));
    try (JobViewFiles files = new JobViewFiles(dir, "checkout", policy, backtest.targetsYaml())) {
      backtest.run(
          trace,
          policy.equals("predictive") ? Forecasters.create("auto", trace.step()) : null,
          null,
          files);
    }
    List<ScalingCommand> expected =
        JobViewFiles.read(ScalingCommand.class, dir.resolve(JobViewFiles.COMMANDS));
    List<PercentileWindow> windows =
        JobViewFiles.read(PercentileWindow.class, dir.resolve(JobViewFiles.WINDOWS));
    List<LoadForecast> forecasts =
        JobViewFiles.read(LoadForecast.class, dir.resolve(JobViewFiles.FORECASTS));

    ScalingSettings settings =
        ScalingSettings.defaults(KafkaSettings.of("localhost:9092"), null, backtest.targetsYaml())
            .withTiming(
                Duration.ofSeconds(15),
                JobViewBacktest.metricMaxAge(trace.step()),
                Duration.ofHours(1));
    List<ScalingCommand> actual = new ArrayList<>();
    try (var h = harness(settings)) {
      h.open();
      h.processBroadcastWatermark(Long.MAX_VALUE);
      for (LoadForecast f : forecasts) {
        h.processElement(ScalingInput.of(f), f.getFittedAt().toEpochMilli());
      }
      long lastEnd = Long.MIN_VALUE;
      for (PercentileWindow w : windows) {
        long end = w.getWindowEnd().toEpochMilli();
        if (end > lastEnd && lastEnd != Long.MIN_VALUE) {
          h.processWatermark(lastEnd - 1); // what the source emits after the previous minute
        }
        lastEnd = end;
        h.processElement(ScalingInput.of(w), end);
      }
      h.processWatermark(lastEnd + Duration.ofMinutes(2).toMillis());
      for (Object o : h.getOutput()) {
        if (o instanceof StreamRecord<?> record
            && record.getValue() instanceof ScalingCommand command
            && command.getDecidedAt().isBefore(Instant.ofEpochMilli(lastEnd + 60_000))) {
          actual.add(command);
        }
      }
    }

    assertThat(expected).hasSizeGreaterThan(4 * 2 * 1440 - 10);
    if (policy.equals("predictive")) {
      assertThat(expected).filteredOn(ScalingCommand::getForecastUsed).isNotEmpty();
    }
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertThat(actual.get(i)).as("decision %d", i).isEqualTo(expected.get(i));
    }
    assertThat(actual).hasSameSizeAs(expected);
  }

  static KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand>
      harness(ScalingSettings settings) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new ScalingFunction(settings), List.of(ScalingFunction.TARGETS_DESCRIPTOR)),
            ScalingInput::target,
            Types.STRING,
            1,
            1,
            0);
    harness.setup(AvroBytesCodec.typeInfo(ScalingCommand.class).createSerializer(null));
    return harness;
  }
}
