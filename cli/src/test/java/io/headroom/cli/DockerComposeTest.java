package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so this keeps it honest: it must
 * create the same topics as the local stack and apply the same migrations the loader applies.
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @SuppressWarnings("unchecked")
  void composeFile_createsTheLocalStacksTopics_andMountsTheLoadersMigrations() throws Exception {
    Map<String, Object> compose;
    try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
      compose = new Yaml().load(in);
    }
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services)
        .containsKeys(
            "kafka", "kafka-init", "clickhouse", "clickhouse-init", "jobmanager", "taskmanager");

    String topicScript =
        String.join(
            "\n", (List<String>) ((Map<String, Object>) services.get("kafka-init")).get("command"));
    for (String topic : StandardTopics.all(4).keySet()) {
      String base =
          topic.endsWith(".dlq") && !topic.equals("metrics.dlq")
              ? topic.substring(0, topic.length() - 4)
              : topic;
      assertThat(topicScript).as("creates %s", topic).contains(base);
    }
    assertThat(topicScript).contains("$$topic.dlq");

    List<String> volumes =
        (List<String>) ((Map<String, Object>) services.get("clickhouse-init")).get("volumes");
    String migrations = volumes.get(0).split(":")[0];
    assertThat(ROOT.resolve(migrations).resolve("V001__metric_events.sql")).isRegularFile();
    // Every placeholder of the migrations is filled in by the init script, as Migrations does.
    String initScript =
        String.join(
            "\n",
            (List<String>) ((Map<String, Object>) services.get("clickhouse-init")).get("command"));
    try (var files = Files.list(ROOT.resolve(migrations))) {
      for (java.nio.file.Path file : files.toList()) {
        java.util.regex.Matcher placeholder =
            java.util.regex.Pattern.compile("\\$\\{([a-z.]+)}").matcher(Files.readString(file));
        while (placeholder.find()) {
          assertThat(initScript)
              .as("%s: ${%s}", file.getFileName(), placeholder.group(1))
              .contains("s/$${" + placeholder.group(1) + "}/");
        }
      }
    }
    assertThat((String) ((Map<String, Object>) services.get("clickhouse")).get("image"))
        .startsWith("clickhouse/clickhouse-server:");
  }
}
