package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the folder of Flink cluster jars the build copies from Maven Central (what {@code
 * flink-dist}'s {@code lib/} would hold; flink-dist itself is not published there): the {@code
 * headroom.flink.lib} system property, the {@code HEADROOM_FLINK_LIB} environment variable, the
 * {@code flink-cluster} folder next to the broker's jars, or {@code stack/target/flink-cluster}
 * above the working directory.
 */
public final class FlinkJars {
  static final String FOLDER = "flink-cluster";

  private FlinkJars() {}

  public static Path locate() {
    String configured =
        System.getProperty("headroom.flink.lib", System.getenv("HEADROOM_FLINK_LIB"));
    if (configured != null && !configured.isBlank()) {
      return requireJars(Path.of(configured));
    }
    // The broker's folder is configured wherever tests and ./headroom run (also with
    // -Dbuild.subdir); the Flink jars are copied next to it by the same build.
    String brokerLib =
        System.getProperty("headroom.broker.lib", System.getenv("HEADROOM_BROKER_LIB"));
    if (brokerLib != null && !brokerLib.isBlank()) {
      Path sibling = Path.of(brokerLib).resolveSibling(FOLDER);
      if (Files.isDirectory(sibling)) {
        return requireJars(sibling);
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("stack/target/" + FOLDER);
      if (Files.isDirectory(candidate)) {
        return requireJars(candidate);
      }
    }
    throw new IllegalStateException(
        "Flink cluster jars not found: build the project first ('./headroom build')");
  }

  private static Path requireJars(Path dir) {
    try (var files = Files.list(dir)) {
      if (files.anyMatch(f -> f.getFileName().toString().startsWith("flink-runtime-"))) {
        return dir;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new IllegalStateException(
        "no Flink runtime jars (flink-runtime-*.jar) in " + dir + ": build the project first");
  }
}
