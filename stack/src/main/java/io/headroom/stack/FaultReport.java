package io.headroom.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * One row of the fault suite per experiment: events in, lost, duplicated (visible after {@code
 * FINAL}) and seconds until the disturbed component was back. Each fault test records its row; the
 * rows go to standard output and to the file named by {@code headroom.fault.report} (set by the
 * build), from which {@code scripts/fault-suite.sh} prints the table kept in the README.
 */
public final class FaultReport {
  /** Where the build collects the rows of every module's fault tests. */
  public static final String FILE_PROPERTY = "headroom.fault.report";

  private FaultReport() {}

  /**
   * Records one experiment's outcome.
   *
   * @param recoveredSeconds from the end of the fault (process restarted, server back) to the
   *     component working again, as the test measured it
   */
  public static void record(
      String experiment, long events, long lost, long duplicated, double recoveredSeconds) {
    String row =
        String.format(
            Locale.ROOT,
            "%s\t%d\t%d\t%d\t%.1f",
            experiment,
            events,
            lost,
            duplicated,
            recoveredSeconds);
    System.out.println("fault-suite\t" + row);
    String file = System.getProperty(FILE_PROPERTY);
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Path path = Path.of(file);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.write(
          path,
          List.of(row),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("fault-suite: cannot append to " + file + ": " + e.getMessage());
    }
  }
}
