package io.headroom.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.scaling.Limit;
import io.headroom.core.scaling.ScalingDecision;
import io.headroom.core.scaling.ScalingHistory;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimelineWriterTest {

  private static ScalingDecision decision(Instant time, String reason) {
    return new ScalingDecision(
        time,
        3,
        4,
        "cpu",
        80,
        70,
        4,
        Limit.DESIRED_WITHIN_RANGE,
        reason,
        ScalingDecision.ForecastUse.NONE,
        Double.NaN,
        ScalingHistory.empty());
  }

  @Test
  void rows_writeTimesAsInstantDoes_emptyDemandInGaps_andQuoteTheReason() throws IOException {
    StringBuilder out = new StringBuilder();
    TimelineWriter writer = new TimelineWriter(out);
    writer.header();
    Instant start = Instant.parse("1995-07-01T23:59:45Z");
    for (int i = 0; i < 6; i++) {
      Instant time = start.plusSeconds(15L * i);
      writer.row(
          time,
          i == 2 ? Double.NaN : 12.5 * i,
          4,
          3,
          decision(time, i == 1 ? "said \"no\", then yes" : "ok"));
    }
    String[] lines = out.toString().split("\n");
    assertThat(lines[0]).isEqualTo("timestamp,demand,desired_replicas,ready_replicas,reason");
    for (int i = 0; i < 6; i++) {
      assertThat(lines[i + 1]).startsWith(start.plusSeconds(15L * i) + ",");
    }
    assertThat(lines[1]).isEqualTo("1995-07-01T23:59:45Z,0,4,3,\"DESIRED_WITHIN_RANGE: ok\"");
    assertThat(lines[2])
        .isEqualTo(
            "1995-07-02T00:00:00Z,12.5,4,3,\"DESIRED_WITHIN_RANGE: said \"\"no\"\", then yes\"");
    assertThat(lines[3]).isEqualTo("1995-07-02T00:00:15Z,,4,3,\"DESIRED_WITHIN_RANGE: ok\"");
  }
}
