package io.headroom.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One line a minute from {@code ./headroom load}: rows per table since the last line and in total,
 * refused events and the workers' health, so a loader that stalls is visible in its own log.
 */
final class LoaderHeartbeat {
  private final List<String> tables;
  private final Map<String, Long> previous = new LinkedHashMap<>();

  LoaderHeartbeat(List<String> tables) {
    this.tables = List.copyOf(tables);
    tables.forEach(t -> previous.put(t, 0L));
  }

  /** The line for now, given the loader's running totals. */
  String line(ToLongFunction<String> rowsLoaded, ToLongFunction<String> rejected, String health) {
    StringBuilder line = new StringBuilder("loader:");
    long total = 0;
    long refused = 0;
    for (String table : tables) {
      long rows = rowsLoaded.applyAsLong(table);
      line.append(String.format(Locale.ROOT, " %s +%,d", table, rows - previous.get(table)));
      previous.put(table, rows);
      total += rows;
      refused += rejected.applyAsLong(table);
    }
    return line.append(
            String.format(
                Locale.ROOT, "; %,d rows in all, %,d refused; workers %s", total, refused, health))
        .toString();
  }
}
