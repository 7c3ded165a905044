package io.headroom.cli;

import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.forecast.LongStepBucket;
import io.headroom.core.forecast.eval.AccuracyReport;
import io.headroom.core.forecast.eval.BacktestResult;
import io.headroom.core.forecast.eval.BacktestSettings;
import io.headroom.core.forecast.eval.ForecastRow;
import io.headroom.core.forecast.eval.RollingOriginEvaluator;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom forecast-backtest}: rolling-origin evaluation of a forecasting model on a trace
 * (specs/evaluation.md). Writes every forecast to {@code origin,timestamp,predicted,lower,upper}
 * and prints MAE, relMAE against the better of naive and seasonal naive, sMAPE, MASE and the
 * coverage and width of the 95 % intervals.
 */
@Command(
    name = "forecast-backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Rolling-origin backtest of a forecasting model: forecasts every --step from the end of --warmup,",
      "each for (origin, origin + horizon], seeing only the past; writes the forecast file and prints",
      "MAE, relMAE (vs the better of naive and seasonal naive), sMAPE, MASE and interval coverage.",
    })
final class ForecastBacktestCommand implements Callable<Integer> {
  @Spec CommandSpec commandSpec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "CSV timestamp,value (gz allowed)")
  Path trace;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      defaultValue = "60m",
      converter = DurationConverter.class,
      description = "how far each forecast reaches (default: ${DEFAULT-VALUE})")
  Duration horizon;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      defaultValue = "60m",
      converter = DurationConverter.class,
      description = "time between forecast origins (default: ${DEFAULT-VALUE})")
  Duration step;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description = "history before the first origin (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "auto",
      description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      completionCandidates = ModelNames.class)
  String model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.csv",
      description = "forecast file: origin,timestamp,predicted,lower,upper")
  Path out;

  @Option(
      names = "--aggregate",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "first sum the trace into steps of DURATION as the forecast job's long model sees them"
              + " (missing points scaled up, a step with fewer than half of them skipped)")
  Duration aggregate;

  @Mixin TraceInputOptions traceInput;

  @Override
  public Integer call() throws IOException {
    BacktestSettings settings = new BacktestSettings(horizon, step, warmup);
    Path directory = out.toAbsolutePath().getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--out: directory " + directory + " does not exist");
    }
    Trace loaded = traceInput.read(trace);
    if (aggregate != null) {
      loaded = LongStepBucket.resample(loaded, aggregate);
    }
    if (loaded.size() < 2) {
      throw new IllegalArgumentException(
          "--trace: " + trace + " has " + loaded.size() + " rows; a backtest needs at least 2");
    }
    LoadForecaster forecaster = Forecasters.create(model, loaded.step());
    PrintWriter stdout = commandSpec.commandLine().getOut();
    PrintWriter stderr = commandSpec.commandLine().getErr();
    stdout.printf(Locale.ROOT, "trace     %s%n", ForecastCommand.describe(trace, loaded));
    stdout.printf(
        Locale.ROOT,
        "backtest  model %s, horizon %s, origins every %s after a %s warm-up%n",
        forecaster.name(),
        DurationText.format(horizon),
        DurationText.format(step),
        DurationText.format(warmup));
    stdout.flush();

    long started = System.nanoTime();
    BacktestResult result;
    try (Writer writer =
        new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      ForecastCsv csv = new ForecastCsv(writer);
      result =
          RollingOriginEvaluator.run(
              loaded, forecaster, settings, csv::write, progress(stderr, started));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    stderr.printf(
        Locale.ROOT,
        "forecast-backtest: %d origins in %.1f s, forecasts in %s%n",
        result.origins(),
        (System.nanoTime() - started) / 1e9,
        out);
    stderr.flush();
    print(stdout, result);
    stdout.flush();
    return 0;
  }

  /** Progress on stderr about every 10 % and at most every 2 s, for runs longer than a moment. */
  private static RollingOriginEvaluator.Progress progress(PrintWriter err, long started) {
    long[] last = {started, 0};
    return (done, total) -> {
      long now = System.nanoTime();
      long percent = 100 * done / Math.max(1, total);
      if (done < total && now - last[0] > 2_000_000_000L && percent >= last[1] + 10) {
        err.printf(
            Locale.ROOT, "forecast-backtest: %d%% (%d of %d origins)%n", percent, done, total);
        err.flush();
        last[0] = now;
        last[1] = percent;
      }
    };
  }

  static void print(PrintWriter out, BacktestResult result) {
    AccuracyReport all = result.overall();
    AccuracyReport end = result.atHorizon();
    out.printf(
        Locale.ROOT,
        "origins   %d (%d while the model was not yet trusted), %d forecast/actual pairs%n",
        result.origins(),
        result.untrustedOrigins(),
        all.pairs());
    if (all.pairs() == 0) {
      out.println("no forecast step has an actual value in the trace: nothing to score");
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "  %-26s %12s %16s%n", "", "all leads", "lead = horizon");
    row(out, "MAE", all.mae(), end.mae());
    row(out, "MAE naive", all.naiveMae(), end.naiveMae());
    row(out, "MAE seasonal naive", all.seasonalNaiveMae(), end.seasonalNaiveMae());
    row(out, "relMAE (vs " + all.betterBaseline() + ")", all.relMae(), end.relMae());
    row(out, "sMAPE (%)", all.smape(), end.smape());
    row(out, "MASE (daily period)", all.mase(), end.mase());
    row(out, "coverage of 95% PI (%)", 100 * all.coverage(), 100 * end.coverage());
    row(out, "PI width / mean actual", all.relativeWidth(), end.relativeWidth());
    row(
        out,
        "interval score / mean actual",
        all.relativeIntervalScore(),
        end.relativeIntervalScore());
  }

  private static void row(PrintWriter out, String name, double all, double end) {
    out.printf(
        Locale.ROOT, "  %-26s %12s %16s%n", name, Numbers.decimals(all), Numbers.decimals(end));
  }

  /** Writes forecast rows quickly: 1.7 M rows for a 24 h horizon on a per-minute month. */
  static final class ForecastCsv {
    private final Writer writer;
    private final StringBuilder line = new StringBuilder(96);
    private Instant origin;
    private String originText;

    ForecastCsv(Writer writer) {
      this.writer = writer;
      try {
        writer.write(ForecastRow.CSV_HEADER);
        writer.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(ForecastRow row) {
      if (!row.origin().equals(origin)) {
        origin = row.origin();
        originText = origin.toString();
      }
      line.setLength(0);
      line.append(originText).append(',').append(row.timestamp()).append(',');
      appendNumber(line, row.predicted());
      line.append(',');
      appendNumber(line, row.lower());
      line.append(',');
      appendNumber(line, row.upper());
      line.append('\n');
      try {
        writer.append(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** At most 4 decimals, no trailing zeros; Infinity/NaN as Java spells them. */
  static void appendNumber(StringBuilder b, double value) {
    if (!Double.isFinite(value) || Math.abs(value) >= 1e14) {
      b.append(value);
      return;
    }
    long scaled = Math.round(value * 10_000);
    if (scaled < 0) {
      b.append('-');
      scaled = -scaled;
    }
    b.append(scaled / 10_000);
    long fraction = scaled % 10_000;
    if (fraction != 0) {
      b.append('.');
      int digits = 4;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      String text = Long.toString(fraction);
      for (int i = text.length(); i < digits; i++) {
        b.append('0');
      }
      b.append(text);
    }
  }

  /** The model names, for picocli's help text. */
  static final class ModelNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Forecasters.names().iterator();
    }
  }
}
