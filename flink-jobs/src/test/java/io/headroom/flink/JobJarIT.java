package io.headroom.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar ({@code -job} classifier) is what {@code flink run} submits: it must carry the
 * jobs, core, the schemas, the Kafka connector and client, and none of the Flink runtime that the
 * cluster provides (two copies of Flink classes break class loading on a cluster).
 */
class JobJarIT {
  @Test
  void jobJar_holdsTheJobsCoreAndTheConnector_butNoFlinkRuntime() throws Exception {
    Path jar =
        Path.of(
            System.getProperty(
                "headroom.job.jar", "target/headroom-flink-jobs-0.1.0-SNAPSHOT-job.jar"));
    assertThat(Files.isRegularFile(jar)).as("built by the package phase: %s", jar).isTrue();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = file.stream().map(e -> e.getName()).toList();
      assertThat(names)
          .contains(
              "io/headroom/flink/forecast/ForecastJob.class",
              "io/headroom/flink/scaling/ScalingJob.class",
              "io/headroom/flink/HeadroomJobs.class",
              "io/headroom/core/scaling/ScalingEngine.class",
              "io/headroom/core/forecast/Forecasters.class",
              "io/headroom/schemas/PercentileWindow.class",
              "org/apache/flink/connector/kafka/source/KafkaSource.class",
              "org/apache/flink/connector/kafka/sink/KafkaSink.class",
              "org/apache/kafka/clients/producer/KafkaProducer.class",
              "org/apache/avro/Schema.class",
              "org/yaml/snakeyaml/Yaml.class");
      assertThat(names)
          .noneMatch(
              n ->
                  n.startsWith("org/apache/flink/streaming/api/")
                      || n.startsWith("org/apache/flink/runtime/")
                      || n.startsWith("org/apache/flink/api/common/")
                      || n.startsWith("org/apache/flink/connector/base/")
                      || n.startsWith("org/apache/flink/connector/datagen/")
                      || n.startsWith("org/slf4j/")
                      || n.startsWith("org/apache/logging/log4j/"));
      assertThat(file.getManifest()).isNotNull();
    }
  }
}
