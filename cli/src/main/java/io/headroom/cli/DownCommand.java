package io.headroom.cli;

import io.headroom.stack.LocalStack;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop the local stack started by 'headroom up' (only the processes it started). Data stays.")
final class DownCommand implements Callable<Integer> {
  @Option(
      names = {"--stack-dir", "--dir"},
      paramLabel = "DIR",
      description = "Data folder (default: .headroom/stack)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path stackDir = dir != null ? dir : ProjectHome.defaultStackDir();
    boolean stopped = LocalStack.down(stackDir);
    System.out.println(
        stopped
            ? "Local stack stopped (data kept in " + stackDir + ")."
            : "No local stack was running in " + stackDir + ".");
    return 0;
  }
}
