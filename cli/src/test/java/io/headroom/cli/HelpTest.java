package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help prints a usage with a summary and no picocli warning. */
class HelpTest {
  @Test
  void everyCommandsHelp_printsItsUsage_withoutAWarning() {
    List<String> checked = new ArrayList<>();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream tracer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
    try {
      for (List<String> path : commandPaths(new CommandLine(new HeadroomCommand()), List.of())) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliErrors.configure(new CommandLine(new HeadroomCommand()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        String all = out + err.toString() + tracer;
        assertThat(exit).as("%s: %s", args, all).isZero();
        assertThat(out.toString()).as("%s", args).startsWith("Usage: ");
        assertThat(all).as("%s", args).doesNotContainIgnoringCase("warn");
        tracer.reset();
        checked.add(String.join(" ", path));
      }
    } finally {
      System.setErr(originalErr);
    }
    assertThat(checked).contains("backtest", "ingest replay", "evaluate", "gateway", "lag");
  }

  private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
    List<List<String>> paths = new ArrayList<>();
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // the help command and aliases
              }
              List<String> path = new ArrayList<>(prefix);
              path.add(name);
              paths.add(path);
              paths.addAll(commandPaths(sub, path));
            });
    return paths;
  }
}
