package io.headroom.cli;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * How a command reads its {@code timestamp,value} trace ({@code @Mixin} of every command that reads
 * one): skip bad rows or stop at the first, and the zone of timestamps written without {@code Z} or
 * an offset. The rules are {@link TraceReader}'s.
 */
final class TraceInputOptions {
  @Option(
      names = "--skip-bad-rows",
      description = "skip and count unusable trace rows instead of stopping")
  boolean skipBadRows;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "zone of trace timestamps that have no Z or offset, such as America/New_York or -05:00 (default:"
              + " ${DEFAULT-VALUE}); local times that daylight saving skips or repeats are bad rows")
  String timezone;

  /** The reader's options; an unknown zone is bad input (exit 2), named by its option. */
  TraceReader.Options options() {
    try {
      return new TraceReader.Options(skipBadRows, ZoneId.of(timezone));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "--timezone: '"
              + timezone
              + "' is not a time zone (examples: UTC, America/New_York, Europe/Paris, +02:00)");
    }
  }

  Trace read(Path trace) throws IOException {
    return TraceReader.read(trace, options());
  }
}
