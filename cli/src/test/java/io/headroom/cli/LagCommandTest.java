package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LagCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CliErrors.configure(new CommandLine(new HeadroomCommand()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void badOptions_exitWith2_withOneLineNamingTheOption() {
    String[][] cases = {
      {"--every", "0s", "--every: 0s must be > 0"},
      {"--lag-threshold", "0", "--lag-threshold: 0 must be > 0"},
      {"--count", "-1", "--count: -1 must be >= 0"},
    };
    for (String[] bad : cases) {
      err.getBuffer().setLength(0);
      int code =
          run("lag", "--group", "g", "--topic", "t", "--bootstrap", "127.0.0.1:1", bad[0], bad[1]);
      assertThat(code).as(bad[0]).isEqualTo(2);
      assertThat(err.toString().strip()).contains(bad[2]).doesNotContain("\n");
    }
    err.getBuffer().setLength(0);
    assertThat(run("lag", "--topic", "t")).isEqualTo(2);
    assertThat(err.toString()).contains("--group");
  }

  @Test
  void brokerDown_isOneLineNamingIt() {
    int code =
        run("lag", "--group", "g", "--topic", "t", "--bootstrap", "127.0.0.1:1", "--count", "1");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .contains("no Kafka broker answered at 127.0.0.1:1")
        .doesNotContain("\n");
  }

  /** The Kafka client refuses the value: the property reached the lag reader's clients. */
  @Test
  void aKafkaProperty_reachesTheClients() {
    int code =
        run(
            "lag",
            "--group",
            "g",
            "--topic",
            "t",
            "--bootstrap",
            "127.0.0.1:1",
            "--count",
            "1",
            "--kafka",
            "security.protocol=NOT_A_PROTOCOL");
    assertThat(code).isNotZero();
    assertThat(err.toString().strip())
        .contains("security.protocol")
        .contains("NOT_A_PROTOCOL")
        .doesNotContain("\n");
  }
}
