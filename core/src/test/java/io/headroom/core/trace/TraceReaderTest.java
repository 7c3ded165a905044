package io.headroom.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  @Test
  void readsIsoAndEpochRows_withOrWithoutHeader_keepingGapsAsGaps() throws IOException {
    Trace trace = read("""
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

  @Test
  void badRows_nameTheirLine() {
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,abc\n"))
        .isInstanceOf(TraceFormatException.class).hasMessage("test.csv:2: value 'abc' is not a number");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:01:00Z,-4\n"))
        .hasMessageContaining(":2: value -4.0 is negative");
    assertThatThrownBy(() -> read("2026-11-02T00:01:00Z,1\n2026-11-02T00:00:00Z,2\n"))
        .hasMessageContaining(":2: timestamp 2026-11-02T00:00:00Z is before");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\n2026-11-02T00:00:00Z,2\n"))
        .hasMessageContaining(":2: duplicate timestamp");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1\nyesterday,2\n"))
        .hasMessageContaining(":2: timestamp 'yesterday' is neither ISO-8601");
    assertThatThrownBy(() -> read("2026-11-02T00:00:00Z,1,7\n")).hasMessageContaining(":1: expected 2 fields");
  }

  @Test
  void skipBadRows_skipsAndCountsThem() throws IOException {
    Trace trace = TraceReader.read(stream("2026-11-02T00:00:00Z,1\nbad\n2026-11-02T00:02:00Z,NaN\n2026-11-02T00:03:00Z,4\n"),
        "test.csv", true);
    assertThat(trace.points()).extracting(TracePoint::value).containsExactly(1.0, 4.0);
    assertThat(trace.skippedRows()).isEqualTo(2);
  }

  @Test
  void readsGzippedFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("2026-11-02T00:00:00Z,5\n2026-11-02T00:01:00Z,6\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(TraceReader.read(file).size()).isEqualTo(2);
  }

  @Test
  void missingFile_isAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> TraceReader.read(dir.resolve("nope.csv"))).hasMessageStartingWith("trace file not found");
  }

  private static Trace read(String csv) throws IOException {
    return TraceReader.read(stream(csv), "test.csv", false);
  }

  private static ByteArrayInputStream stream(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }
}
