package io.headroom.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands; it exits 1 and says so. */
@Command(name = "backtest", mixinStandardHelpOptions = true, description = "(not built yet)")
final class BacktestCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("headroom: 'backtest' is not built yet");
    return 1;
  }
}
