package io.headroom.core.trace;

import io.headroom.core.time.DurationText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code timestamp,value} CSV traces (header optional, gzip allowed) at any regular step.
 *
 * <p>Timestamps: ISO-8601 instants with {@code Z} or an offset ({@code 2020-01-01T00:00:00Z},
 * {@code 2020-01-01T02:00:00+02:00}); local date-times without a zone, with {@code T} or a space
 * between date and time and seconds and fractions optional ({@code 2014-07-01 00:00:00}, {@code
 * 2014-07-01T00:00}, {@code 2014-07-01 00:00:00.000}), read in {@link Options#zone()}; or epoch
 * seconds ({@code 1404172800}, {@code 1404172800.5}), or epoch milliseconds (13 or more digits).
 * Fields may be in double quotes.
 *
 * <p>Step: the most common positive spacing between consecutive parseable rows among the first
 * 10,001 (ties go to the shorter spacing); it must be a whole number of seconds. Every row must be
 * a whole positive number of steps after the previous accepted row: more than one step is a gap
 * (absent rows, never zeros). Timestamps need not sit on the step's clock marks: a 5-minute trace
 * at :02:53, :07:53, ... is regular.
 *
 * <p>Bad rows: a wrong number of fields, an unparseable timestamp, a value that is not a finite
 * number {@code >= 0}, a duplicate timestamp, time going backwards, a spacing that is not a whole
 * number of steps. Each is a {@link TraceFormatException} whose one-line message names the file,
 * the line and the problem; with {@link Options#skipBadRows()} they are skipped and counted in
 * {@link Trace#skippedRows()} instead. Without it, the error reported is the first bad line.
 *
 * <p>Cost: O(n) time; the parsed rows are held in memory until the step is known (two passes).
 */
public final class TraceReader {
  /** Most spacings looked at to infer the step: enough for a mode, bounded for long traces. */
  private static final int STEP_SAMPLE = 10_000;

  /** Epoch seconds, with a fraction or not; 13 or more digits and no fraction: milliseconds. */
  private static final Pattern EPOCH = Pattern.compile("\\d+(\\.\\d+)?");

  /**
   * Epoch seconds as written, or milliseconds when the number has 13 or more digits (as Grafana and
   * JavaScript write it): as seconds those would be after the year 33,000.
   */
  private static Instant epoch(String text) {
    if (text.indexOf('.') < 0 && text.length() >= 13) {
      return Instant.ofEpochMilli(Long.parseLong(text));
    }
    BigDecimal seconds = new BigDecimal(text);
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    return Instant.ofEpochSecond(
        whole.longValueExact(),
        seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValue());
  }

  /**
   * ISO-8601 date 'T' time, seconds and fraction optional, then an optional offset ({@code Z},
   * {@code +02:00}, {@code +0200}, {@code +02}). Strict: 2014-02-30 or 24:00 are errors, not
   * silently moved to a valid date-time (which could duplicate another row).
   */
  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .parseLenient()
          .appendOffset("+HH", "Z")
          .parseStrict()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  /**
   * How to read a trace.
   *
   * <p>{@code zone} places local timestamps (no {@code Z}, no offset) on the time line; instants
   * with {@code Z} or an offset and epoch seconds ignore it. In a zone with daylight saving, a
   * local time in the spring-forward gap (it does not exist) or in the fall-back overlap (it exists
   * twice) is a bad row. The rule looks at the row alone, never at its neighbours: the first copy
   * of a repeated hour is ambiguous whatever the rule, and guessing (e.g. "the earlier offset")
   * silently shifts rows by the DST difference, or turns the second copy of the hour into
   * duplicates. A file whose clock did not change reads cleanly with a fixed offset such as {@code
   * -05:00}.
   *
   * @param skipBadRows skip and count bad rows instead of stopping at the first
   * @param zone zone of local timestamps
   */
  public record Options(boolean skipBadRows, ZoneId zone) {
    public Options {
      Objects.requireNonNull(zone, "zone");
    }

    /** Stop at the first bad row; local timestamps are UTC. */
    public static Options defaults() {
      return new Options(false, ZoneOffset.UTC);
    }
  }

  private final Options options;

  private TraceReader(Options options) {
    this.options = options;
  }

  public static Trace read(Path file) throws IOException {
    return read(file, Options.defaults());
  }

  public static Trace read(Path file, boolean skipBadRows) throws IOException {
    return read(file, new Options(skipBadRows, ZoneOffset.UTC));
  }

  /** Reads {@code file}, gunzipping it when its name ends in {@code .gz}. */
  public static Trace read(Path file, Options options) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("trace file not found: " + file);
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return read(in, file.getFileName().toString(), options);
    }
  }

  public static Trace read(InputStream in, String sourceName, boolean skipBadRows)
      throws IOException {
    return read(in, sourceName, new Options(skipBadRows, ZoneOffset.UTC));
  }

  /** Reads an uncompressed CSV stream; {@code sourceName} names it in error messages. */
  public static Trace read(InputStream in, String sourceName, Options options) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new TraceReader(options).parse(reader, sourceName);
  }

  /** A parsed row and the file line it came from. */
  private record Row(long lineNumber, TracePoint point) {}

  private Trace parse(BufferedReader reader, String source) throws IOException {
    // First pass: each row on its own. Order and spacing need the step, known only from the rows,
    // so they are checked in the second pass over the rows kept here.
    List<Row> rows = new ArrayList<>();
    // Without skipBadRows the first unparseable row is thrown only once the second pass reaches
    // its line, so that an earlier order or spacing error is the one reported.
    TraceFormatException firstParseError = null;
    int skipped = 0;
    long lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte-order mark, as spreadsheet exports write
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (lineNumber == 1 && isHeader(trimmed)) {
        continue;
      }
      try {
        rows.add(new Row(lineNumber, parseRow(trimmed, source, lineNumber)));
      } catch (TraceFormatException e) {
        if (options.skipBadRows()) {
          skipped++;
        } else if (firstParseError == null) {
          firstParseError = e;
        }
      }
    }

    Duration step = inferStep(rows, source);
    List<TracePoint> points = new ArrayList<>(rows.size());
    Instant previous = null;
    for (Row row : rows) {
      if (firstParseError != null && row.lineNumber() > firstParseError.lineNumber()) {
        throw firstParseError;
      }
      Instant timestamp = row.point().timestamp();
      String problem = previous == null ? null : spacingProblem(previous, timestamp, step);
      if (problem == null) {
        points.add(row.point());
        previous = timestamp;
      } else if (options.skipBadRows()) {
        skipped++;
      } else {
        throw new TraceFormatException(source, row.lineNumber(), problem);
      }
    }
    if (firstParseError != null) {
      throw firstParseError;
    }
    return new Trace(points, step, skipped);
  }

  /** Why {@code timestamp} cannot follow the previous accepted row's, or null if it can. */
  private static String spacingProblem(Instant previous, Instant timestamp, Duration step) {
    int order = timestamp.compareTo(previous);
    if (order == 0) {
      return "duplicate timestamp " + timestamp;
    }
    if (order < 0) {
      return "timestamp " + timestamp + " is before the previous row's " + previous;
    }
    Duration spacing = Duration.between(previous, timestamp);
    if (spacing.getNano() != 0 || spacing.getSeconds() % step.getSeconds() != 0) {
      return "timestamp "
          + timestamp
          + " is "
          + DurationText.format(spacing)
          + " after the previous row's "
          + previous
          + "; the trace's step is "
          + DurationText.format(step)
          + " (gaps must be whole steps)";
    }
    return null;
  }

  private static boolean isHeader(String line) {
    String field = unquote(line.split(",", -1)[0].strip());
    char first = field.isEmpty() ? ' ' : field.charAt(0);
    return !Character.isDigit(first) && first != '-' && first != '+';
  }

  /** The field without one pair of surrounding double quotes, as spreadsheets export CSV. */
  private static String unquote(String field) {
    return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
        ? field.substring(1, field.length() - 1).strip()
        : field;
  }

  private TracePoint parseRow(String line, String source, long lineNumber) {
    String[] fields = line.split(",", -1);
    if (fields.length != 2) {
      throw new TraceFormatException(
          source,
          lineNumber,
          "expected 2 fields 'timestamp,value' but found " + fields.length + ": '" + line + "'");
    }
    Instant timestamp = parseTimestamp(unquote(fields[0].strip()), source, lineNumber);
    String valueText = unquote(fields[1].strip());
    double value;
    try {
      value = Double.parseDouble(valueText);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(
          source, lineNumber, "value '" + valueText + "' is not a number");
    }
    if (!Double.isFinite(value)) {
      throw new TraceFormatException(source, lineNumber, "value '" + valueText + "' is not finite");
    }
    if (value < 0) {
      throw new TraceFormatException(
          source, lineNumber, "value " + value + " is negative; load cannot be");
    }
    return new TracePoint(timestamp, value);
  }

  private Instant parseTimestamp(String text, String source, long lineNumber) {
    TemporalAccessor parsed;
    try {
      if (EPOCH.matcher(text).matches()) {
        return epoch(text);
      }
      // "2014-07-01 00:00:00" is the same date-time as "2014-07-01T00:00:00"; only that space is
      // accepted.
      String iso =
          text.length() > 10 && text.charAt(10) == ' '
              ? text.substring(0, 10) + 'T' + text.substring(11)
              : text;
      parsed = DATE_TIME.parse(iso);
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      throw new TraceFormatException(
          source,
          lineNumber,
          "timestamp '"
              + text
              + "' is neither ISO-8601"
              + " (2020-01-01T00:00:00Z, 2020-01-01T02:00:00+02:00, or local 2020-01-01 00:00[:00[.000]] read in "
              + options.zone()
              + ") nor epoch seconds or milliseconds");
    }
    // Not parseBest: it tries OffsetDateTime first and pays for an exception on every local row.
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(parsed).toInstant();
    }
    LocalDateTime local = LocalDateTime.from(parsed);
    List<ZoneOffset> offsets = options.zone().getRules().getValidOffsets(local);
    if (offsets.size() == 1) {
      return local.toInstant(offsets.get(0));
    }
    ZoneOffsetTransition transition = options.zone().getRules().getTransition(local);
    if (offsets.isEmpty()) {
      throw new TraceFormatException(
          source,
          lineNumber,
          "local time "
              + local
              + " does not exist in "
              + options.zone()
              + " (clocks went forward from "
              + transition.getOffsetBefore()
              + " to "
              + transition.getOffsetAfter()
              + "); daylight-saving gaps are bad rows");
    }
    throw new TraceFormatException(
        source,
        lineNumber,
        "local time "
            + local
            + " exists twice in "
            + options.zone()
            + " (at "
            + transition.getOffsetBefore()
            + " and "
            + transition.getOffsetAfter()
            + "), so its instant is ambiguous; daylight-saving overlaps are bad rows");
  }

  /**
   * The most common positive spacing between consecutive rows among the first 10,001, ties to the
   * shorter; robust to gaps such as a multi-day outage. One minute for fewer than two rows.
   *
   * @throws IllegalArgumentException if that spacing is not a whole number of seconds
   */
  private static Duration inferStep(List<Row> rows, String source) {
    Map<Duration, Integer> counts = new HashMap<>();
    int limit = Math.min(rows.size(), STEP_SAMPLE + 1);
    for (int i = 1; i < limit; i++) {
      Duration spacing =
          Duration.between(rows.get(i - 1).point().timestamp(), rows.get(i).point().timestamp());
      // Duplicates and steps back are bad rows, reported in the second pass, not candidate steps.
      if (!spacing.isNegative() && !spacing.isZero()) {
        counts.merge(spacing, 1, Integer::sum);
      }
    }
    Duration step =
        counts.entrySet().stream()
            .max(
                Map.Entry.<Duration, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
            .map(Map.Entry::getKey)
            .orElse(Duration.ofMinutes(1));
    if (step.getNano() != 0) {
      // Everything downstream counts whole seconds per step.
      throw new IllegalArgumentException(
          source
              + ": rows are most often "
              + DurationText.format(step)
              + " apart; the step of a trace must be a whole number of seconds");
    }
    return step;
  }
}
