package io.headroom.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.headroom.core.time.DurationText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {
  @Test
  void readsIsoAndEpochRows_withOrWithoutHeader_keepingGapsAsGaps() throws IOException {
    Trace trace =
        read(
            """
        timestamp,requests
        2026-11-02T00:00:00Z,10
        2026-11-02T00:01:00Z,0
        2026-11-02T00:02:00Z,3
        2026-11-02T00:05:00Z,12.5
        """);
    assertThat(trace.points()).extracting(TracePoint::value).containsExactly(10.0, 0.0, 3.0, 12.5);
    assertThat(trace.step()).isEqualTo(Duration.ofMinutes(1));

    Trace epoch = read("1700000000,1\n1700000300,2\n1700000600,3\n");
    assertThat(epoch.points().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(epoch.step()).isEqualTo(Duration.ofMinutes(5));
  }

  /**
   * Exports from Grafana and spreadsheets: epoch milliseconds (read as seconds they were a step of
   * three days and eleven hours, in the year 55,000), fractional epoch seconds, quoted fields.
   */
  @Test
  void readsEpochMillisAndFractionalSeconds_andQuotedFields() throws IOException {
    Trace millis = read("timestamp,value\n1704067200000,1\n1704067500000,2\n1704067800000,3\n");
    assertThat(millis.points().get(0).timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(millis.step()).isEqualTo(Duration.ofMinutes(5));

    Trace fractional = read("1704067200.5,1\n1704067260.5,2\n1704067320.500,3\n");
    assertThat(fractional.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(fractional.points().get(2).timestamp())
        .isEqualTo(Instant.parse("2024-01-01T00:02:00.500Z"));

    Trace quoted =
        read(
            """
            "Time","Value"
            "2024-01-01 00:00:00","4"
            "2024-01-01 00:05:00","5.5"
            """);
    assertThat(quoted.points()).extracting(TracePoint::value).containsExactly(4.0, 5.5);
    assertThat(quoted.step()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> read("\"2024-01-01 00:00:00\",\"x\"\n"))
        .hasMessage("test.csv:1: value 'x' is not a number");
  }

  @Test
  void badRows_nameTheirLine() {
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,abc\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("test.csv:2: value 'abc' is not a number");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,-4\n"))
        .hasMessageContaining(":2: value -4.0 is negative");
    assertThatThrownBy(() -> read("2026-11-02T00:01:00Z,1\n2026-11-02T00:00:00Z,2\n"))
        .hasMessageContaining(":2: timestamp 2026-11-02T00:00:00Z is before");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:00:00Z,2\n"))
        .hasMessageContaining(":2: duplicate timestamp");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\nyesterday,2\n"))
        .hasMessageContaining(":2: timestamp 'yesterday' is neither ISO-8601");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1,7\n"))
        .hasMessageContaining(":1: expected 2 fields");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z\n"))
        .hasMessage(
            "test.csv:2: expected 2 fields 'timestamp,value' but found 1: '2026-11-02T00:01:00Z'");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,NaN\n"))
        .hasMessage("test.csv:1: value 'NaN' is not finite");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,Infinity\n"))
        .hasMessage("test.csv:2: value 'Infinity' is not finite");
    // Strict dates: 30 February is an error, not silently 28 February.
    assertThatThrownBy(() -> read("2026-02-28 00:00:00,1\n2026-02-30 00:00:00,2\n"))
        .hasMessageStartingWith("test.csv:2: timestamp '2026-02-30 00:00:00' is neither ISO-8601");
  }

  @Test
  void aStepThatVaries_isABadRow_namedWithBothSpacings() {
    String tweets =
        """
        timestamp,value
        2015-03-01 09:57:53,4
        2015-03-01 10:02:53,5
        2015-03-01 10:07:53,6
        2015-03-01 10:11:53,7
        2015-03-01 10:16:53,8
        """;
    assertThatThrownBy(() -> TraceReader.read(stream(tweets), "tweets.csv", false))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage(
            "tweets.csv:5: timestamp 2015-03-01T10:11:53Z is 4m after the previous row's 2015-03-01T10:07:53Z;"
                + " the trace's step is 5m (gaps must be whole steps)")
        .extracting(e -> ((TraceFormatException) e).lineNumber())
        .isEqualTo(5L);
  }

  @Test
  void gapsOfWholeSteps_areGapsNotZeros_andStepsNeedNotSitOnTheClock() throws IOException {
    Trace trace =
        read(
            """
        2015-02-26 21:42:53,57
        2015-02-26 21:47:53,43
        2015-02-26 22:02:53,12
        2015-02-26 22:07:53,0
        """);
    assertThat(trace.step()).isEqualTo(Duration.ofMinutes(5));
    assertThat(trace.points()).extracting(TracePoint::value).containsExactly(57.0, 43.0, 12.0, 0.0);
    assertThat(trace.points().get(2).timestamp()).isEqualTo(Instant.parse("2015-02-26T22:02:53Z"));
  }

  @Test
  void theFirstBadLine_isReported_whicheverPassFindsIt() {
    // Line 4 breaks the step (known only after every row is parsed); line 5 cannot be parsed.
    assertThatThrownBy(
            () ->
                read(
                    "2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,1\n2026-11-02T00:02:00Z,1\n"
                        + "2026-11-02T00:02:30Z,1\n2026-11-02T00:03:00Z,abc\n2026-11-02T00:04:00Z,1\n2026-11-02T00:05:00Z,1\n"))
        .hasMessageStartingWith("test.csv:4: timestamp 2026-11-02T00:02:30Z is 30s after");
    // Line 2 cannot be parsed; line 5 breaks the step.
    assertThatThrownBy(
            () ->
                read(
                    "2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,abc\n2026-11-02T00:02:00Z,1\n"
                        + "2026-11-02T00:03:00Z,1\n2026-11-02T00:03:30Z,1\n2026-11-02T00:05:00Z,1\n2026-11-02T00:06:00Z,1\n"))
        .hasMessage("test.csv:2: value 'abc' is not a number");
  }

  @Test
  void stepTies_goToTheShorterSpacing() throws IOException {
    // Spacings 1m and 2m, once each: a 2m step would make the 1m row a bad row.
    Trace trace = read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,2\n2026-11-02T00:03:00Z,3\n");
    assertThat(trace.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(trace.size()).isEqualTo(3);
  }

  @Test
  void aStepOfAFractionOfASecond_isRefused() {
    assertThatThrownBy(
            () ->
                read(
                    "2026-11-02T00:00:00.0Z,1\n2026-11-02T00:00:00.5Z,1\n2026-11-02T00:00:01.0Z,1\n"))
        .isNotInstanceOf(TraceFormatException.class)
        .hasMessage(
            "test.csv: rows are most often 500ms apart; the step of a trace must be a whole number of seconds");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2014-07-01T00:00:00Z          | 2014-07-01T00:00:00Z",
        "2014-07-01T02:00:00+02:00     | 2014-07-01T00:00:00Z",
        "2014-06-30T19:00:00-0500      | 2014-07-01T00:00:00Z",
        "2014-07-01T00:00:00.000Z      | 2014-07-01T00:00:00Z",
        "2014-07-01 00:00:00           | 2014-07-01T00:00:00Z",
        "2014-07-01T00:00:00           | 2014-07-01T00:00:00Z",
        "2014-07-01T00:00              | 2014-07-01T00:00:00Z",
        "2014-07-01 00:00              | 2014-07-01T00:00:00Z",
        "2014-07-01 00:00:00.000       | 2014-07-01T00:00:00Z",
        "2014-07-01 00:00:00.250       | 2014-07-01T00:00:00.250Z",
        "1404172800                    | 2014-07-01T00:00:00Z",
      })
  void everyTimestampForm_readsAsItsInstant_localTimesInUtcByDefault(String text, String expected)
      throws IOException {
    Trace trace = read("timestamp,value\n" + text + ",3\n");
    assertThat(trace.points()).containsExactly(new TracePoint(Instant.parse(expected), 3.0));
  }

  @Test
  void theZoneOption_placesLocalTimes_andLeavesInstantsAlone() throws IOException {
    String csv =
        "2014-07-01 00:00:00,1\n2014-07-01T00:30,2\n2014-07-01T05:00:00Z,3\n1404194400,4\n";
    Trace newYork = read(csv, new TraceReader.Options(false, ZoneId.of("America/New_York")));
    assertThat(newYork.points())
        .extracting(TracePoint::timestamp)
        .containsExactly(
            Instant.parse("2014-07-01T04:00:00Z"), Instant.parse("2014-07-01T04:30:00Z"),
            Instant.parse("2014-07-01T05:00:00Z"), Instant.parse("2014-07-01T06:00:00Z"));
    assertThat(newYork.step()).isEqualTo(Duration.ofMinutes(30));
    Trace fixed =
        read("2014-07-01 00:00:00,1\n", new TraceReader.Options(false, ZoneOffset.ofHours(2)));
    assertThat(fixed.points().get(0).timestamp()).isEqualTo(Instant.parse("2014-06-30T22:00:00Z"));
  }

  @Test
  void daylightSaving_aMissingOrRepeatedLocalTime_isABadRow() throws IOException {
    var newYork = new TraceReader.Options(false, ZoneId.of("America/New_York"));
    assertThatThrownBy(() -> read("2015-03-08 01:30,1\n2015-03-08 02:30,2\n", newYork))
        .hasMessage(
            "test.csv:2: local time 2015-03-08T02:30 does not exist in America/New_York (clocks went forward from -05:00"
                + " to -04:00); daylight-saving gaps are bad rows");
    assertThatThrownBy(() -> read("2014-11-02 00:30,1\n2014-11-02 01:00,2\n", newYork))
        .hasMessage(
            "test.csv:2: local time 2014-11-02T01:00 exists twice in America/New_York (at -04:00 and -05:00), so its"
                + " instant is ambiguous; daylight-saving overlaps are bad rows");

    // Skipped, both copies of the repeated hour leave a gap: nothing is duplicated or reordered.
    StringBuilder csv = new StringBuilder();
    for (String time :
        List.of("00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30")) {
      csv.append("2014-11-02 ").append(time).append(",1\n");
    }
    Trace skipped =
        read(csv.toString(), new TraceReader.Options(true, ZoneId.of("America/New_York")));
    assertThat(skipped.skippedRows()).isEqualTo(4);
    assertThat(skipped.points())
        .extracting(TracePoint::timestamp)
        .containsExactly(
            Instant.parse("2014-11-02T04:00:00Z"), Instant.parse("2014-11-02T04:30:00Z"),
            Instant.parse("2014-11-02T07:00:00Z"), Instant.parse("2014-11-02T07:30:00Z"));
  }

  @Test
  void aByteOrderMark_isNotPartOfTheFirstLine() throws IOException {
    assertThat(read("\uFEFFtimestamp,value\n2026-11-02T00:00:00Z,1\n").size()).isEqualTo(1);
    assertThat(read("\uFEFF2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,2\n").size()).isEqualTo(2);
  }

  @Test
  void skipBadRows_skipsAndCountsThem() throws IOException {
    Trace trace =
        TraceReader.read(
            stream(
                "2026-11-02T00:00:00Z,1\nbad\n2026-11-02T00:02:00Z,NaN\n2026-11-02T00:03:00Z,4\n"),
            "test.csv",
            true);
    assertThat(trace.points()).extracting(TracePoint::value).containsExactly(1.0, 4.0);
    assertThat(trace.skippedRows()).isEqualTo(2);
  }

  @Test
  void skipBadRows_countsEveryKind_andChecksSpacingAgainstTheLastRowKept() throws IOException {
    Trace trace =
        TraceReader.read(
            stream(
                """
        timestamp,value
        2026-11-02T00:00:00Z,1
        2026-11-02T00:01:00Z,2,3
        2026-11-02T00:01:00Z,-2
        soon,2
        2026-11-02T00:01:00Z,Infinity
        2026-11-02T00:01:00Z,2
        2026-11-02T00:01:00Z,2
        2026-11-02T00:00:30Z,2
        2026-11-02T00:01:30Z,2
        2026-11-02T00:03:00Z,3
        """),
            "test.csv",
            true);
    assertThat(trace.points()).extracting(TracePoint::value).containsExactly(1.0, 2.0, 3.0);
    assertThat(trace.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(trace.skippedRows()).isEqualTo(7);
  }

  @Test
  void readsGzippedFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          "2026-11-02T00:00:00Z,5\n2026-11-02T00:01:00Z,6\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(TraceReader.read(file).size()).isEqualTo(2);
  }

  @Test
  void missingFile_isAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> TraceReader.read(dir.resolve("nope.csv")))
        .hasMessageStartingWith("trace file not found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "nasa-http-1995.per-minute.csv.gz,  82069, 1m,  1995-07-01T04:00:00Z",
    "nyc-taxi-2014.30min.csv.gz,        10320, 30m, 2014-07-01T00:00:00Z",
    "aws-elb-requests-2014.5min.csv.gz, 4032,  5m,  2014-04-10T00:04:00Z",
    "tweets-amzn-2015.5min.csv.gz,      15831, 5m,  2015-02-26T21:42:53Z",
  })
  void theSharedTraces_readWhole_atTheirSteps(String name, int rows, String step, String first)
      throws IOException {
    Path file = sharedTraces().resolve(name);
    assumeTrue(
        Files.isRegularFile(file),
        "no " + file + ": the shared traces are not beside this checkout");
    Trace trace = TraceReader.read(file);
    assertThat(trace.size()).isEqualTo(rows);
    assertThat(trace.step()).isEqualTo(DurationText.parse(step));
    assertThat(trace.skippedRows()).isZero();
    assertThat(trace.points().get(0).timestamp()).isEqualTo(Instant.parse(first));
  }

  @Test
  void theNycTaxiTrace_inNewYorkTime_isShifted_andItsRepeatedHourIsAmbiguous() throws IOException {
    Path file = sharedTraces().resolve("nyc-taxi-2014.30min.csv.gz");
    assumeTrue(
        Files.isRegularFile(file),
        "no " + file + ": the shared traces are not beside this checkout");
    ZoneId newYork = ZoneId.of("America/New_York");
    assertThatThrownBy(() -> TraceReader.read(file, new TraceReader.Options(false, newYork)))
        .hasMessageStartingWith(
            "nyc-taxi-2014.30min.csv.gz:5956: local time 2014-11-02T01:00 exists twice");
    Trace trace = TraceReader.read(file, new TraceReader.Options(true, newYork));
    assertThat(trace.skippedRows()).isEqualTo(2);
    assertThat(trace.size()).isEqualTo(10_318);
    assertThat(trace.points().get(0).timestamp()).isEqualTo(Instant.parse("2014-07-01T04:00:00Z"));
    assertThat(trace.points().get(trace.size() - 1).timestamp())
        .isEqualTo(Instant.parse("2015-02-01T04:30:00Z"));
  }

  /**
   * The project's {@code ../shared/traces}: surefire runs in the module's folder (so {@code
   * ../../shared}), an IDE may run from the project root ({@code ../shared}).
   */
  private static Path sharedTraces() {
    Path fromModule = Path.of("../../shared/traces");
    return Files.isDirectory(fromModule) ? fromModule : Path.of("../shared/traces");
  }

  private static Trace read(String csv) throws IOException {
    return TraceReader.read(stream(csv), "test.csv", false);
  }

  private static Trace read(String csv, TraceReader.Options options) throws IOException {
    return TraceReader.read(stream(csv), "test.csv", options);
  }

  private static ByteArrayInputStream stream(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }
}
