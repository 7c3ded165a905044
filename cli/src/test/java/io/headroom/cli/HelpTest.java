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

/** Every command's --help prints a usage with an example and no picocli warning. */
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
        assertThat(out.toString())
            .as("%s", args)
            .containsPattern("Examples?( \\(.*\\))?:\\n  \\./headroom ");
        tracer.reset();
        checked.add(String.join(" ", path));
      }
    } finally {
      System.setErr(originalErr);
    }
    assertThat(checked).contains("backtest", "ingest replay", "evaluate", "gateway", "lag");
  }

  @Test
  void everyExample_parses_withTheOptionsItsCommandHas() {
    List<String> examples = new ArrayList<>();
    collectExamples(CliErrors.configure(new CommandLine(new HeadroomCommand())), examples);
    assertThat(examples).hasSizeGreaterThan(20);
    for (String example : examples) {
      List<String> args = words(example.replaceFirst("^\\s*\\./headroom ", ""));
      // Throws (and fails the test) on an unknown option, a missing value or a bad type.
      new CommandLine(new HeadroomCommand()).parseArgs(args.toArray(String[]::new));
    }
  }

  private static void collectExamples(CommandLine command, List<String> examples) {
    for (String line : command.getCommandSpec().usageMessage().footer()) {
      for (String part : line.split("%n")) {
        if (part.strip().startsWith("./headroom ")) {
          examples.add(part.replaceAll("\\s+(#|>).*$", ""));
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> collectExamples(sub, examples));
  }

  /** Shell words: blanks separate, double quotes group. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : line.strip().toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
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
