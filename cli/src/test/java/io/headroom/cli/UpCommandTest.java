package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
  @Test
  void theStopHint_namesTheStackFolder_unlessItIsTheDefault() {
    assertThat(UpCommand.stopCommand(null)).isEqualTo("./headroom down");
    assertThat(UpCommand.stopCommand(ProjectHome.defaultStackDir())).isEqualTo("./headroom down");
    assertThat(UpCommand.stopCommand(Path.of("/tmp/my-stack")))
        .isEqualTo("./headroom down --stack-dir /tmp/my-stack");
  }

  @Test
  void noClickHouseShards_isRefusedInOneLine_beforeAnythingStarts(@TempDir Path dir) {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          HeadroomCommand.run(
              "up", "--clickhouse-shards", "0", "--stack-dir", dir.resolve("s").toString());
    } finally {
      System.setErr(originalErr);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("headroom: --clickhouse-shards: must be >= 1, not 0")
        .doesNotContain("\tat ");
    assertThat(Files.exists(dir.resolve("s"))).as("no stack folder made").isFalse();
  }
}
