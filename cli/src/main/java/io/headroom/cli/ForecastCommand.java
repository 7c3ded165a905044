package io.headroom.cli;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./headroom forecast}: feeds a whole trace to a model and prints its forecast for the steps
 * after the trace ends, with 95 % intervals, as a table and a one-line sparkline; {@code --out}
 * writes every step as {@code timestamp,predicted,lower,upper}.
 */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Forecast the load after the end of a trace, with 95%% prediction intervals.")
final class ForecastCommand implements Callable<Integer> {
  /** Most table rows printed; longer forecasts are thinned evenly (--out has every step). */
  static final int MAX_ROWS = 48;

  private static final String BARS = "▁▂▃▄▅▆▇█";

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
      defaultValue = "2h",
      converter = DurationConverter.class,
      description = "how far to forecast (default: ${DEFAULT-VALUE})")
  Duration horizon;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "auto",
      description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      completionCandidates = ForecastBacktestCommand.ModelNames.class)
  String model;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "also write every step: timestamp,predicted,lower,upper")
  Path out;

  @Mixin TraceInputOptions traceInput;

  @Override
  public Integer call() throws IOException {
    if (horizon.isZero() || horizon.isNegative()) {
      throw new IllegalArgumentException(
          "--horizon: " + DurationText.format(horizon) + " must be > 0");
    }
    if (out != null) {
      Path directory = out.toAbsolutePath().getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException("--out: directory " + directory + " does not exist");
      }
    }
    Trace loaded = traceInput.read(trace);
    if (loaded.isEmpty()) {
      throw new IllegalArgumentException("--trace: " + trace + " has no rows");
    }
    Duration step = loaded.step();
    if (horizon.getNano() != 0 || horizon.getSeconds() % step.getSeconds() != 0) {
      throw new IllegalArgumentException(
          "--horizon: "
              + DurationText.format(horizon)
              + " must be a multiple of the trace step "
              + DurationText.format(step));
    }
    long steps = horizon.getSeconds() / step.getSeconds();
    if (steps > 1_000_000) {
      throw new IllegalArgumentException(
          "--horizon: "
              + DurationText.format(horizon)
              + " is "
              + steps
              + " steps of "
              + DurationText.format(step)
              + "; at most 1000000");
    }
    LoadForecaster forecaster = Forecasters.create(model, step);
    for (TracePoint p : loaded.points()) {
      forecaster.update(p.timestamp(), p.value());
    }
    List<ForecastPoint> forecast = forecaster.forecast((int) steps);

    PrintWriter stdout = commandSpec.commandLine().getOut();
    stdout.printf(Locale.ROOT, "trace     %s%n", describe(trace, loaded));
    stdout.printf(
        Locale.ROOT,
        "model     %s, %s%n",
        forecaster.name(),
        forecaster.isTrusted()
            ? "trusted"
            : "NOT yet trusted: too little history (auto wants a day of its own one-step errors, at least 48;"
                + " seasonal models want two full weeks)");
    stdout.printf(
        Locale.ROOT,
        "forecast  %s ahead, %d steps, 95%% prediction intervals%n",
        DurationText.format(horizon),
        steps);
    stdout.println();
    stdout.println(sparkline(loaded.points(), forecast, 72));
    stdout.println();
    table(stdout, forecast);
    stdout.flush();
    if (out != null) {
      try (Writer writer =
          new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
        writer.write("timestamp,predicted,lower,upper\n");
        StringBuilder line = new StringBuilder(64);
        for (ForecastPoint p : forecast) {
          line.setLength(0);
          line.append(p.timestamp()).append(',');
          ForecastBacktestCommand.appendNumber(line, p.value());
          line.append(',');
          ForecastBacktestCommand.appendNumber(line, p.lower());
          line.append(',');
          ForecastBacktestCommand.appendNumber(line, p.upper());
          writer.append(line).append('\n');
        }
      }
      commandSpec
          .commandLine()
          .getErr()
          .printf(Locale.ROOT, "forecast: %d steps written to %s%n", forecast.size(), out);
    }
    return 0;
  }

  static String describe(Path file, Trace loaded) {
    return String.format(
        Locale.ROOT,
        "%s: %d points at %s, %s .. %s%s",
        file.getFileName(),
        loaded.size(),
        DurationText.format(loaded.step()),
        loaded.points().get(0).timestamp(),
        loaded.points().get(loaded.size() - 1).timestamp(),
        loaded.skippedRows() > 0 ? " (skipped " + loaded.skippedRows() + " bad rows)" : "");
  }

  private static void table(PrintWriter out, List<ForecastPoint> forecast) {
    int every = Math.max(1, (forecast.size() + MAX_ROWS - 1) / MAX_ROWS);
    out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "timestamp", "value", "lower", "upper");
    for (int i = every - 1; i < forecast.size(); i += every) {
      ForecastPoint p = forecast.get(i);
      out.printf(
          Locale.ROOT,
          "  %-22s %12s %12s %12s%n",
          p.timestamp(),
          Numbers.decimals(p.value()),
          Numbers.decimals(p.lower()),
          Numbers.decimals(p.upper()));
    }
    if (every > 1) {
      out.printf(
          Locale.ROOT, "  (every %d-th step shown; --out writes all %d)%n", every, forecast.size());
    }
  }

  /**
   * Recent history (as much as the forecast covers, at least a day's worth of columns) then the
   * forecast, as block characters on one shared scale: {@code history │ forecast}.
   */
  static String sparkline(List<TracePoint> history, List<ForecastPoint> forecast, int width) {
    int forecastColumns = Math.max(1, width / 3);
    int historyColumns = width - forecastColumns;
    int historyPoints = Math.min(history.size(), Math.max(forecast.size() * 2, historyColumns));
    double[] past =
        bucket(
            history.subList(history.size() - historyPoints, history.size()).stream()
                .mapToDouble(TracePoint::value)
                .toArray(),
            historyColumns);
    double[] ahead =
        bucket(forecast.stream().mapToDouble(ForecastPoint::value).toArray(), forecastColumns);
    double max = 0;
    for (double v : past) {
      max = Math.max(max, v);
    }
    for (double v : ahead) {
      max = Math.max(max, v);
    }
    StringBuilder line = new StringBuilder("  ");
    for (double v : past) {
      line.append(bar(v, max));
    }
    line.append('│');
    for (double v : ahead) {
      line.append(bar(v, max));
    }
    return line.append("  (max ").append(Numbers.decimals(max)).append(')').toString();
  }

  private static char bar(double value, double max) {
    if (Double.isNaN(value)) {
      return ' ';
    }
    int level = max > 0 ? (int) Math.round(value / max * (BARS.length() - 1)) : 0;
    return BARS.charAt(Math.max(0, Math.min(BARS.length() - 1, level)));
  }

  /** Means of {@code columns} consecutive runs (fewer columns if there are fewer values). */
  private static double[] bucket(double[] values, int columns) {
    int n = Math.min(columns, values.length);
    double[] result = new double[n];
    for (int c = 0; c < n; c++) {
      int from = (int) ((long) c * values.length / n);
      int to = (int) ((long) (c + 1) * values.length / n);
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += values[i];
      }
      result[c] = sum / Math.max(1, to - from);
    }
    return result;
  }
}
