package io.headroom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Produce metric events to Kafka: replay a trace or synthesise seasonal traffic.",
    subcommands = {ReplayCommand.class, SynthCommand.class})
final class IngestCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
