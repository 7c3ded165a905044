package io.headroom.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.trace.TracePoint;
import io.headroom.core.window.Statistic;
import io.headroom.flink.JobArguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-start options, the history query and the parsing of its answer. */
class WarmStartTest {
  @Test
  void options_areReadValidated_andThePasswordNeverPrinted() {
    ForecastSettings off =
        ForecastSettings.fromArguments(JobArguments.of(Map.of("bootstrap", "k:9092")));
    assertThat(off.warmStart().enabled()).isFalse();
    assertThat(off.summary()).contains("warm start off");

    ForecastSettings on =
        ForecastSettings.fromArguments(
            JobArguments.of(
                Map.of(
                    "bootstrap",
                    "k:9092",
                    "warm-start-clickhouse",
                    "http://reader:s3cret@ch:8123",
                    "warm-start-days",
                    "7")));
    assertThat(on.warmStart())
        .isEqualTo(new WarmStart("http://reader:s3cret@ch:8123", "headroom", Duration.ofDays(7)));
    assertThat(on.summary())
        .contains("warm start http://reader:***@ch:8123 headroom.percentile_windows, 7 days")
        .doesNotContain("s3cret");
    // Every with-method keeps it.
    assertThat(on.withModel("naive").withGroupId("g").warmStart()).isEqualTo(on.warmStart());

    assertThatThrownBy(
            () ->
                ForecastSettings.fromArguments(
                    JobArguments.of(
                        Map.of(
                            "bootstrap",
                            "k:9092",
                            "warm-start-clickhouse",
                            "jdbc:clickhouse://x"))))
        .hasMessageContaining("warm-start-clickhouse")
        .hasMessageContaining("HTTP endpoint");
    assertThatThrownBy(
            () ->
                ForecastSettings.fromArguments(
                    JobArguments.of(
                        Map.of(
                            "bootstrap",
                            "k:9092",
                            "warm-start-clickhouse",
                            "http://ch:8123",
                            "warm-start-days",
                            "0"))))
        .hasMessageContaining("warm-start-days");
  }

  @Test
  void query_isNarrowedToTheSeriesAndRange_andTheAnswerParsed() {
    String sql =
        ClickHouseHistory.sql(
            "headroom",
            "it's",
            "requests",
            Statistic.SUM,
            Duration.ofMinutes(1),
            Instant.ofEpochSecond(1000),
            Instant.ofEpochSecond(2000));
    assertThat(sql)
        .isEqualTo(
            "SELECT toUnixTimestamp(window_start) AS t, toFloat64(sum) AS v FROM"
                + " headroom.percentile_windows FINAL WHERE service = 'it\\'s' AND metric ="
                + " 'requests' AND window_seconds = 60 AND window_start >= toDateTime(1000) AND"
                + " window_start < toDateTime(2000) ORDER BY t FORMAT TabSeparated");
    assertThat(ClickHouseHistory.parse("60\t1.5\n120\t333.3333333333333\n180\tnan\n"))
        .containsExactly(
            new TracePoint(Instant.ofEpochSecond(60), 1.5),
            new TracePoint(Instant.ofEpochSecond(120), 333.3333333333333),
            new TracePoint(Instant.ofEpochSecond(180), Double.NaN));
  }
}
