package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UpCommandTest {
  @Test
  void theStopHint_namesTheStackFolder_unlessItIsTheDefault() {
    assertThat(UpCommand.stopCommand(null)).isEqualTo("./headroom down");
    assertThat(UpCommand.stopCommand(ProjectHome.defaultStackDir())).isEqualTo("./headroom down");
    assertThat(UpCommand.stopCommand(Path.of("/tmp/my-stack")))
        .isEqualTo("./headroom down --stack-dir /tmp/my-stack");
  }
}
