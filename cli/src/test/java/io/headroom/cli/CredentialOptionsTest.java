package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CredentialOptionsTest {
  private static final String URL = "jdbc:clickhouse://127.0.0.1:9000";

  @Test
  void theOptions_winOverTheEnvironment_andAFilesTrailingNewlineIsNotPartOfThePassword(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
    QueryCommand query =
        parse(
            new QueryCommand(),
            "--sql",
            "SELECT 1",
            "--clickhouse",
            URL,
            "--clickhouse-user",
            "ops",
            "--clickhouse-password-file",
            file.toString());
    ClickHouseSettings settings =
        query.connection.clickhouse(
            Map.of(
                    ConnectionOptions.USER_ENV, "env-user",
                    ConnectionOptions.PASSWORD_ENV, "from-env")
                ::get);
    assertThat(settings.user()).isEqualTo("ops");
    assertThat(settings.password()).isEqualTo("from-file");
  }

  @Test
  void withoutOptions_theEnvironmentGivesUserAndPassword() {
    QueryCommand query = parse(new QueryCommand(), "--sql", "SELECT 1", "--clickhouse", URL);
    ClickHouseSettings settings =
        query.connection.clickhouse(
            Map.of(
                    ConnectionOptions.USER_ENV, "env-user",
                    ConnectionOptions.PASSWORD_ENV, "from-env")
                ::get);
    assertThat(settings.user()).isEqualTo("env-user");
    assertThat(settings.password()).isEqualTo("from-env");
    ClickHouseSettings none = query.connection.clickhouse(Map.<String, String>of()::get);
    assertThat(none.user()).isNull();
    assertThat(none.password()).isNull();
  }

  @Test
  void kafkaSettings_addToTheConfigFile_andTheirSecretsAreMaskedWhenShown(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("kafka.properties"),
            "security.protocol=SASL_SSL\nssl.truststore.password=trust-secret-9\n");
    LoadCommand load =
        parse(
            new LoadCommand(),
            "--kafka-config",
            file.toString(),
            "--kafka",
            "security.protocol=SASL_PLAINTEXT",
            "--kafka",
            "sasl.mechanism=PLAIN");
    assertThat(load.kafka.properties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("ssl.truststore.password", "trust-secret-9");
    assertThat(load.kafka.describe())
        .contains("ssl.truststore.password=***")
        .doesNotContain("trust-secret-9");
  }

  private static <T> T parse(T command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
