package io.headroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TraceReader;
import io.headroom.ingest.TraceReplay.TimeShift;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled 1995 trace replayed as the README documents it, without {@code --shift-to-recent}.
 */
class TraceReplayTest {
  private static final Path NASA_1995 = Path.of("../data/traces/nasa-http-1995.per-minute.csv.gz");
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  private static Trace trace;
  private final MockProducer<String, byte[]> broker =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void readTrace() throws Exception {
    trace = TraceReader.read(NASA_1995);
  }

  @Test
  void byDefault_aTraceFromBefore2000IsShiftedToRecentWeeks_andNothingIsRejected() {
    Instant now = Instant.now();
    PublishReport report = replay(new TraceReplay("nasa-web", null, TWO_HOURS, 0, 60, false), now);

    assertThat(report.events()).isPositive().isEqualTo(broker.history().size());
    assertThat(report.rejected()).isZero();
    assertThat(report.firstRejection()).isNull();
    List<Long> times = broker.history().stream().map(ProducerRecord::timestamp).toList();
    assertThat(times)
        .allSatisfy(
            t -> assertThat(Instant.ofEpochMilli(t)).isBetween(now.minus(Duration.ofDays(8)), now));
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("shifted by whole weeks");
  }

  @Test
  void keptAtItsRecordedTimes_everyEventIsReportedAsRejected_withTheReason() {
    PublishReport report =
        replay(new TraceReplay("nasa-web", null, TWO_HOURS, 0, 60, TimeShift.NEVER), Instant.now());

    assertThat(report.events()).isPositive();
    assertThat(report.allRejected()).isTrue();
    assertThat(report.firstRejection()).contains("is before 2000-01-01");
  }

  private PublishReport replay(TraceReplay replay, Instant now) {
    try (MetricsProducer out = new MetricsProducer(broker, "metrics.raw")) {
      return replay.replay(
          out, trace, NASA_1995.getFileName().toString(), now, new PrintStream(progress, true));
    }
  }
}
