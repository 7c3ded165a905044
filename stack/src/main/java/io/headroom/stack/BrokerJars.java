package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the folder of Kafka broker jars that the build copies from Maven Central: the {@code
 * headroom.broker.lib} system property, the {@code HEADROOM_BROKER_LIB} environment variable, or
 * {@code stack/target/kafka-broker} above the working directory.
 */
public final class BrokerJars {
  private BrokerJars() {}

  public static Path locate() {
    String configured =
        System.getProperty("headroom.broker.lib", System.getenv("HEADROOM_BROKER_LIB"));
    if (configured != null && !configured.isBlank()) {
      return requireJars(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("stack/target/kafka-broker");
      if (Files.isDirectory(candidate)) {
        return requireJars(candidate);
      }
    }
    throw new IllegalStateException(
        "Kafka broker jars not found: build the project first ('mvn -DskipTests install' or ./headroom build)");
  }

  private static Path requireJars(Path dir) {
    try (var files = Files.list(dir)) {
      if (files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"))) {
        return dir;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new IllegalStateException(
        "no Kafka broker jars (kafka_2.13-*.jar) in " + dir + ": build the project first");
  }
}
