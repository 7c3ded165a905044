package io.headroom.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic trace generator: deterministic, with the shape its javadoc promises. With {@code
 * -Dheadroom.synthetic.out=FILE} it also writes the 8-week trace used in docs/scaling.md ({@code
 * -Dheadroom.synthetic.bursts=0} for the variant without random surges, {@code
 * -Dheadroom.synthetic.weeks=13} for the 91-day one of the speed figures).
 */
class SyntheticTracesTest {

  @Test
  void sameSeed_sameTrace_otherSeed_otherTrace() {
    assertThat(SyntheticTraces.seasonal(1, 150, 0.03, 42).points())
        .isEqualTo(SyntheticTraces.seasonal(1, 150, 0.03, 42).points())
        .isNotEqualTo(SyntheticTraces.seasonal(1, 150, 0.03, 43).points());
  }

  @Test
  void shape_hasDailyAndWeeklyCycles_trend_andTheNoonSurge() {
    Trace trace = SyntheticTraces.seasonal(4, 150, 0.05, 0, 1);
    double night = mean(trace, 2, 3, false);
    double afternoon = mean(trace, 14, 16, false);
    double weekendAfternoon = mean(trace, 14, 16, true);
    assertThat(afternoon).isGreaterThan(2.5 * night);
    assertThat(weekendAfternoon).isLessThan(0.8 * afternoon);
    double firstWeek =
        trace.points().subList(0, 10_080).stream()
            .mapToDouble(TracePoint::value)
            .average()
            .orElseThrow();
    double lastWeek =
        trace.points().subList(3 * 10_080, 4 * 10_080).stream()
            .mapToDouble(TracePoint::value)
            .average()
            .orElseThrow();
    assertThat(lastWeek / firstWeek).isBetween(1.08, 1.25);
    // Tuesday of week 2: 11:59 vs 12:00, the scheduled surge doubles the traffic within a minute.
    int tuesdayNoon = 8 * 1440 + 12 * 60;
    assertThat(trace.points().get(tuesdayNoon).value())
        .isGreaterThan(1.6 * trace.points().get(tuesdayNoon - 1).value());
  }

  @Test
  void writtenFile_readsBackThroughTheTraceReader(@TempDir Path dir) throws IOException {
    Trace trace = SyntheticTraces.seasonal(1, 150, 0.03, 42);
    Path file = dir.resolve("synthetic.csv");
    SyntheticTraces.write(trace, file);
    Trace read = TraceReader.read(file);
    assertThat(read.points()).isEqualTo(trace.points());
    String out = System.getProperty("headroom.synthetic.out");
    if (out != null && !out.isBlank()) {
      double bursts = Double.parseDouble(System.getProperty("headroom.synthetic.bursts", "3"));
      int weeks = Integer.parseInt(System.getProperty("headroom.synthetic.weeks", "8"));
      SyntheticTraces.write(SyntheticTraces.seasonal(weeks, 150, 0.03, bursts, 42), Path.of(out));
      assertThat(Files.size(Path.of(out))).isPositive();
    }
  }

  private static double mean(Trace trace, int fromHour, int toHour, boolean weekend) {
    return trace.points().stream()
        .filter(
            point -> {
              var time = point.timestamp().atZone(ZoneOffset.UTC);
              boolean isWeekend =
                  time.getDayOfWeek() == DayOfWeek.SATURDAY
                      || time.getDayOfWeek() == DayOfWeek.SUNDAY;
              return time.getHour() >= fromHour && time.getHour() < toHour && isWeekend == weekend;
            })
        .mapToDouble(TracePoint::value)
        .average()
        .orElseThrow();
  }
}
