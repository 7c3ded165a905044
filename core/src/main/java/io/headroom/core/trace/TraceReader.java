package io.headroom.core.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code timestamp,value} CSV traces (header optional, gzip allowed). Timestamps are ISO-8601
 * UTC instants or epoch seconds. Rows that are unparseable, negative, out of order or duplicate are
 * errors naming their line; with {@code skipBadRows} they are skipped and counted instead.
 */
public final class TraceReader {
  private final boolean skipBadRows;

  private TraceReader(boolean skipBadRows) {
    this.skipBadRows = skipBadRows;
  }

  public static Trace read(Path file) throws IOException {
    return read(file, false);
  }

  public static Trace read(Path file, boolean skipBadRows) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("trace file not found: " + file);
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return read(in, file.getFileName().toString(), skipBadRows);
    }
  }

  public static Trace read(InputStream in, String sourceName, boolean skipBadRows) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new TraceReader(skipBadRows).parse(reader, sourceName);
  }

  private Trace parse(BufferedReader reader, String source) throws IOException {
    List<TracePoint> points = new ArrayList<>();
    int skipped = 0;
    long lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (lineNumber == 1 && isHeader(trimmed)) {
        continue;
      }
      try {
        TracePoint point = parseRow(trimmed, source, lineNumber);
        if (!points.isEmpty()) {
          Instant previous = points.get(points.size() - 1).timestamp();
          if (point.timestamp().equals(previous)) {
            throw new TraceFormatException(source, lineNumber, "duplicate timestamp " + point.timestamp());
          }
          if (point.timestamp().isBefore(previous)) {
            throw new TraceFormatException(
                source, lineNumber, "timestamp " + point.timestamp() + " is before the previous row's " + previous);
          }
        }
        points.add(point);
      } catch (TraceFormatException e) {
        if (!skipBadRows) {
          throw e;
        }
        skipped++;
      }
    }
    return new Trace(points, inferStep(points), skipped);
  }

  private static boolean isHeader(String line) {
    char first = line.charAt(0);
    return !Character.isDigit(first) && first != '-' && first != '+';
  }

  private static TracePoint parseRow(String line, String source, long lineNumber) {
    String[] fields = line.split(",", -1);
    if (fields.length != 2) {
      throw new TraceFormatException(
          source, lineNumber, "expected 2 fields 'timestamp,value' but found " + fields.length + ": '" + line + "'");
    }
    Instant timestamp = parseTimestamp(fields[0].strip(), source, lineNumber);
    double value;
    try {
      value = Double.parseDouble(fields[1].strip());
    } catch (NumberFormatException e) {
      throw new TraceFormatException(source, lineNumber, "value '" + fields[1].strip() + "' is not a number");
    }
    if (!Double.isFinite(value)) {
      throw new TraceFormatException(source, lineNumber, "value '" + fields[1].strip() + "' is not finite");
    }
    if (value < 0) {
      throw new TraceFormatException(source, lineNumber, "value " + value + " is negative; load cannot be");
    }
    return new TracePoint(timestamp, value);
  }

  private static Instant parseTimestamp(String text, String source, long lineNumber) {
    try {
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new TraceFormatException(
          source, lineNumber, "timestamp '" + text + "' is neither ISO-8601 UTC (2020-01-01T00:00:00Z) nor epoch seconds");
    }
  }

  /** The most common spacing; robust to gaps such as a multi-day outage. */
  static Duration inferStep(List<TracePoint> points) {
    if (points.size() < 2) {
      return Duration.ofMinutes(1);
    }
    Map<Long, Integer> counts = new HashMap<>();
    int limit = Math.min(points.size(), 10_001);
    for (int i = 1; i < limit; i++) {
      long seconds = Duration.between(points.get(i - 1).timestamp(), points.get(i).timestamp()).toSeconds();
      counts.merge(seconds, 1, Integer::sum);
    }
    long mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return Duration.ofSeconds(Math.max(1, mode));
  }
}
