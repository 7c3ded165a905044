package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `headroom flink submit|list|cancel`: what fails before any cluster is called fails in one line
 * with exit 2. The submission itself: FlinkSessionSubmitIT.
 */
class FlinkSubmitCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
  }

  @Test
  void submit_misspelledJobOption_exits2_beforeUploading(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("job.jar"), "not used");
    int exit =
        HeadroomCommand.run(
            "flink",
            "submit",
            "forecast",
            "--jar",
            jar.toString(),
            "--rest",
            "http://127.0.0.1:1",
            "--",
            "--bootstrap",
            "localhost:9092",
            "--modle",
            "naive");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--modle: unknown option");
  }

  @Test
  void submit_withoutAJar_exits2_namingHowToBuildIt(@TempDir Path dir) {
    int exit =
        HeadroomCommand.run(
            "flink",
            "submit",
            "forecast",
            "--jar",
            dir.resolve("missing.jar").toString(),
            "--rest",
            "http://127.0.0.1:1",
            "--",
            "--bootstrap",
            "localhost:9092");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--jar: no job jar at", "package");
  }

  @Test
  void list_withoutALocalCluster_exits2_sayingHowToStartOne(@TempDir Path dir) {
    int exit = HeadroomCommand.run("flink", "list", "--stack-dir", dir.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no Flink session cluster in", "./headroom up", "--rest URL");
  }

  @Test
  void cancel_notAJobId_exits2() {
    assertThat(HeadroomCommand.run("flink", "cancel", "job-1", "--rest", "http://127.0.0.1:1"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("JOB_ID: 'job-1'");
  }

  @Test
  void savepoint_notAJobId_exits2() {
    assertThat(
            HeadroomCommand.run(
                "flink", "savepoint", "job-1", "--stop", "--rest", "http://127.0.0.1:1"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("JOB_ID: 'job-1'");
  }

  @Test
  void submit_parallelismGivenTwice_exits2_beforeUploading(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("job.jar"), "not used");
    int exit =
        HeadroomCommand.run(
            "flink",
            "submit",
            "forecast",
            "--jar",
            jar.toString(),
            "--rest",
            "http://127.0.0.1:1",
            "--parallelism",
            "2",
            "--",
            "--bootstrap",
            "localhost:9092",
            "--parallelism",
            "3");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--parallelism: given twice");
  }

  @Test
  void localPathsInJobOptions_becomeAbsolute_urisStay() {
    List<String> args =
        FlinkSubmitCommand.absolutePaths(
            List.of(
                "--targets",
                "conf/targets.yaml",
                "--checkpoint-dir",
                "s3://bucket/cp",
                "--model",
                "naive"));
    assertThat(Path.of(args.get(1))).isAbsolute();
    assertThat(args.get(1)).endsWith("conf/targets.yaml");
    assertThat(args.subList(2, 6))
        .containsExactly("--checkpoint-dir", "s3://bucket/cp", "--model", "naive");
  }
}
