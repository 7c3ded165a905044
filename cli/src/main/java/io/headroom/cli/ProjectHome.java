package io.headroom.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project checkout the launcher runs from ({@code HEADROOM_HOME}), for data and default paths.
 */
final class ProjectHome {
  private ProjectHome() {}

  static Path path() {
    String home = System.getenv("HEADROOM_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("headroom")) && Files.isDirectory(dir.resolve("cli"))) {
        return dir;
      }
    }
    return Path.of("").toAbsolutePath();
  }

  static Path defaultStackDir() {
    return path().resolve(".headroom/stack");
  }

  static Path bundledTrace() {
    return path().resolve("data/traces/nasa-http-1995.per-minute.csv.gz");
  }
}
