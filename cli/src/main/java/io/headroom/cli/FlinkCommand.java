package io.headroom.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands; it exits 1 and says so. */
@Command(name = "flink", mixinStandardHelpOptions = true, description = "(not built yet)")
final class FlinkCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("headroom: 'flink' is not built yet");
    return 1;
  }
}
