package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs commands as a user would, in their own JVM with every log and the debug stack traces on,
 * given passwords every way there is, and reads their whole output for the secrets.
 */
@ExtendWith(LocalStackExtension.class)
class SecretsNeverPrintedIT {
  private static final List<String> SECRETS =
      List.of("file-pw-7f3a", "url-pw-29bc", "env-pw-c41d", "jaas-pw-5e88", "trust-pw-b07e");

  @Test
  void aRejectedClickHousePassword_isInNoLineOfTheOutput(StackEndpoints stack, @TempDir Path dir)
      throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("pw"), "file-pw-7f3a\n");
    Run byFile =
        run(
            dir,
            Map.of(),
            "query",
            "--sql",
            "SELECT 1",
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--clickhouse-user",
            "default",
            "--clickhouse-password-file",
            passwordFile.toString());
    Run inUrl =
        run(
            dir,
            Map.of(),
            "query",
            "--sql",
            "SELECT 1",
            "--clickhouse",
            stack.clickhouseJdbcUrl() + "?password=url-pw-29bc");
    Run byEnvironment =
        run(
            dir,
            Map.of("HEADROOM_CLICKHOUSE_PASSWORD", "env-pw-c41d"),
            "plan",
            "--service",
            "checkout",
            "--clickhouse",
            stack.clickhouseJdbcUrl());
    for (Run run : List.of(byFile, inUrl, byEnvironment)) {
      // The server refused the password: it was sent, and the refusal was reported.
      assertThat(run.exit).as(run.output).isEqualTo(CliErrors.FAILURE);
      assertThat(run.output).as(run.output).containsIgnoringCase("password");
      assertNoSecret(run);
    }
  }

  @Test
  void kafkaSecrets_areMaskedInTheLoadersOutput(StackEndpoints stack, @TempDir Path dir)
      throws Exception {
    Path kafkaConfig =
        Files.writeString(
            dir.resolve("kafka.properties"), "ssl.truststore.password=trust-pw-b07e\n");
    Run load =
        runUntil(
            dir,
            "Ctrl-C to stop",
            "load",
            "--bootstrap",
            stack.bootstrapServers(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            "it_secrets",
            "--kafka-config",
            kafkaConfig.toString(),
            "--kafka",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"jaas-pw-5e88\";");
    assertThat(load.output)
        .contains("ssl.truststore.password=***")
        .contains("sasl.jaas.config=***");
    assertNoSecret(load);
  }

  private static void assertNoSecret(Run run) {
    for (String secret : SECRETS) {
      assertThat(run.output).as("output of %s", run.args).doesNotContain(secret);
    }
  }

  private record Run(List<String> args, int exit, String output) {}

  private static Run run(Path dir, Map<String, String> env, String... args) throws Exception {
    Process process = start(dir, env, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(List.of(args), process.exitValue(), output(dir));
  }

  /** Starts a long-running command, waits for {@code line} in its output, then stops it. */
  private static Run runUntil(Path dir, String line, String... args) throws Exception {
    Process process = start(dir, Map.of(), args);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!output(dir).contains(line) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(2_000); // the workers' first polls and their logs
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(List.of(args), process.exitValue(), output(dir));
  }

  private static Process start(Path dir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HeadroomCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile());
    builder.environment().put("HEADROOM_DEBUG", "1");
    builder.environment().put("HEADROOM_LOG_LEVEL", "DEBUG");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String output(Path dir) throws IOException {
    Path file = dir.resolve("output.txt");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
