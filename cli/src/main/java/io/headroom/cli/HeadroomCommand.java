package io.headroom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single front door: {@code ./headroom <command>}. Commands call the modules; no logic lives
 * here.
 */
@Command(
    name = "headroom",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    resourceBundle = "io.headroom.cli.Help",
    description = "Streaming metrics analytics for capacity planning and predictive autoscaling.",
    subcommands = {
      CommandLine.HelpCommand.class,
      UpCommand.class,
      DownCommand.class,
      DemoCommand.class,
      IngestCommand.class,
      StreamsCommand.class,
      LoadCommand.class,
      QueryCommand.class,
      BenchCommand.class,
      ForecastCommand.class,
      ForecastBacktestCommand.class,
      BacktestCommand.class,
      EvaluateCommand.class,
      GatewayCommand.class,
      FlinkCommand.class,
      PlanCommand.class,
      HistoryCommand.class,
      ReportCommand.class,
      AlertsCommand.class,
      LagCommand.class,
      StatusCommand.class,
      ScalerCommand.class,
    })
public final class HeadroomCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 ok, 1 failure, 2 bad input or options. */
  public static int run(String... args) {
    return CliErrors.configure(new CommandLine(new HeadroomCommand())).execute(args);
  }
}
