package io.headroom.cli;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.backtest.BacktestSettings;
import io.headroom.core.backtest.JobViewBacktest;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.schemas.JobViewFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code backtest --job-view [--emit DIR] [--target NAME]}: the backtest as the live job sees it.
 */
final class JobViewOptions {
  @Option(
      names = "--job-view",
      description =
          "decide as the live scaling job does: from windows one trace step long once they have"
              + " closed, and forecasts fitted at window ends (slower to react than the default view)")
  boolean enabled;

  @Option(
      names = "--emit",
      paramLabel = "DIR",
      description =
          "with --job-view: write the job's inputs and expected output to DIR (windows.avro,"
              + " forecasts.avro, commands.avro, targets.yaml)")
  Path emit;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      defaultValue = "backtest",
      description =
          "with --job-view: the service name in windows and commands (default: ${DEFAULT-VALUE})")
  String target;

  void validate(boolean compare) {
    if (emit != null && !enabled) {
      throw new IllegalArgumentException("--emit: only with --job-view");
    }
    if (enabled && compare) {
      throw new IllegalArgumentException(
          "--job-view: replays one policy (--policy hpa|predictive), not --compare");
    }
    if (emit != null && Files.exists(emit) && !Files.isDirectory(emit)) {
      throw new IllegalArgumentException("--emit: " + emit + " is a file, not a directory");
    }
  }

  /** The spec text pasted into the targets file: the file's, or the default CPU 70 % spec. */
  static String specYaml(Path specFile, int defaultMaxReplicas) throws IOException {
    return specFile == null
        ? JobViewBacktest.cpuSpecYaml(1, defaultMaxReplicas, 70)
        : Files.readString(specFile, StandardCharsets.UTF_8);
  }

  BacktestResult run(
      String policy,
      String specYaml,
      BacktestSettings settings,
      Trace trace,
      LoadForecaster model,
      Writer timeline,
      PrintWriter err)
      throws IOException {
    JobViewBacktest backtest =
        new JobViewBacktest(target, specYaml, settings, policy.equals("predictive"));
    if (emit == null) {
      return backtest.run(trace, model, timeline, new JobViewBacktest.Sink() {});
    }
    Files.createDirectories(emit);
    try (JobViewFiles files = new JobViewFiles(emit, target, policy, backtest.targetsYaml())) {
      BacktestResult result = backtest.run(trace, model, timeline, files);
      err.printf(
          "job view: wrote %s to %s; the scaling job reproduces them with --targets %s --window %s"
              + " --metric-max-age %s%n",
          files.summary(),
          emit,
          emit.resolve(JobViewFiles.TARGETS),
          DurationText.format(trace.step()),
          DurationText.format(JobViewBacktest.metricMaxAge(trace.step())));
      return result;
    }
  }
}
