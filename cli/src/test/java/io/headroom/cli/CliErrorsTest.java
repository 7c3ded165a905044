package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options and bad input: one line naming the option or line, exit 2, no stack trace. */
class CliErrorsTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @Test
  void aMistypedOption_isNamed_withTheOptionMeant() {
    int exit = HeadroomCommand.run("backtest", "--trace", "t.csv", "--capcity", "20");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr())
        .contains("Unknown options: '--capcity', '20'; did you mean --capacity?")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownOption_exits2_withOneLineAndAHint() {
    int exit = HeadroomCommand.run("ingest", "replay", "--trace", "t.csv", "--no-such-option");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr())
        .contains("headroom: Unknown option: '--no-such-option'")
        .doesNotContain("\tat ");
  }

  @Test
  void badTraceRow_exits2_namingTheLine(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(
        trace, "timestamp,value\n2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,lots\n");
    int exit =
        HeadroomCommand.run(
            "ingest", "replay", "--trace", trace.toString(), "--bootstrap", "127.0.0.1:1");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr().strip()).isEqualTo("headroom: t.csv:3: value 'lots' is not a number");
  }

  @Test
  void badDuration_exits2_withAnExample() {
    int exit =
        HeadroomCommand.run("ingest", "synth", "--duration", "soon", "--bootstrap", "127.0.0.1:1");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr())
        .contains("'soon' is not a duration (examples: 500ms, 15s, 2m, 1h30m, 7d, 2w)");
  }

  @Test
  void badStreamsPropertyForTheBench_exits2_beforeStartingAnything(@TempDir Path dir) {
    Path stackDir = dir.resolve("bench");
    int exit =
        HeadroomCommand.run(
            "bench", "--streams-property", "num.stream.threads=abc", "--dir", stackDir.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(stderr())
        .contains(
            "headroom: --streams-property: Invalid value abc for configuration num.stream.threads")
        .doesNotContain("\tat ");
    assertThat(stackDir).doesNotExist();
  }

  @Test
  void noLocalStack_exits2_sayingHowToStartOne(@TempDir Path dir) {
    int exit = HeadroomCommand.run("query", "top_services_by_p99", "--stack-dir", dir.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(stderr()).contains("no local stack in " + dir + ": start one with './headroom up'");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        new String[] {"up", "down", "demo", "ingest", "streams", "load", "query", "bench"}) {
      assertThat(HeadroomCommand.run(command, "--help")).as(command).isZero();
    }
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
