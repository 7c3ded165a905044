package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.clickhouse.DirectInsert;
import io.headroom.clickhouse.Rows;
import io.headroom.core.time.DurationText;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import io.headroom.core.workload.ServiceProfile;
import io.headroom.core.workload.SimulatedService;
import io.headroom.ingest.TraceSlice;
import io.headroom.schemas.PercentileWindow;
import io.headroom.streams.OfflineWindows;
import io.headroom.streams.StreamsSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The history the demo's service has before the replayed days: the same simulated service run over
 * the trace's preceding weeks, its windows computed as the percentile app computes them ({@link
 * OfflineWindows}) and inserted straight into ClickHouse. Through Kafka and the app, two weeks
 * would take minutes; seeded, the forecast job warm-starts from them and trusts its first forecast,
 * and the capacity plan has the 14 days it needs.
 */
final class DemoHistory {
  /** The seeded span (shifted as the replay is) and how many window rows it wrote. */
  record Seeded(Instant from, Instant to, long windows) {}

  private DemoHistory() {}

  /**
   * Seeds {@code length} of history ending where the replay of {@code replayed} from {@code from}
   * begins, shifted by the same whole weeks as that replay ({@link TraceSlice#shiftToRecent} keys
   * the shift on the last replayed point, so both parts land where they would together).
   */
  static Seeded seed(
      Trace trace,
      String service,
      double capacity,
      Instant from,
      Duration length,
      Duration replayed,
      Instant now,
      StreamsSettings windows,
      ClickHouseSettings clickhouse)
      throws SQLException {
    int historySteps = TraceSlice.window(trace.points(), from.minus(length), length).size();
    if (historySteps == 0) {
      throw new IllegalArgumentException(
          "the trace has no rows in the " + DurationText.format(length) + " before " + from);
    }
    List<TracePoint> placed =
        TraceSlice.shiftToRecent(
            TraceSlice.window(trace.points(), from.minus(length), length.plus(replayed)), now);
    List<TracePoint> history = placed.subList(0, historySteps);
    Instant end = history.get(history.size() - 1).timestamp().plus(trace.step());
    // Its own random stream: the replayed days do not repeat the noise of the first history days.
    SimulatedService simulated =
        new SimulatedService(service, ServiceProfile.defaults(capacity), service.hashCode() + 1L);
    try (DirectInsert<PercentileWindow> insert =
        DirectInsert.into(clickhouse, Rows.PERCENTILE_WINDOWS)) {
      OfflineWindows offline = new OfflineWindows(windows, insert);
      for (TracePoint point : history) {
        offline.closeEndingBy(point.timestamp());
        simulated.step(point.timestamp(), trace.step(), point.value()).forEach(offline::add);
      }
      offline.closeEndingBy(end);
      insert.close();
      return new Seeded(history.get(0).timestamp(), end, insert.inserted());
    }
  }
}
